using PeftU.Abstractions;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>subjectivediscourse_question_sentiment</c> (Ferracane et al., 2021).</summary>
[PeftTask("subjectivediscourse_question_sentiment", Display = "SubjectiveDiscourse (question sentiment)", Paper = "Ferracane et al., 2021")]
public sealed partial class SubjectiveDiscourseQuestionSentimentTask() : PeftUTask("subjectivediscourse_question_sentiment"), IPeftTask;
