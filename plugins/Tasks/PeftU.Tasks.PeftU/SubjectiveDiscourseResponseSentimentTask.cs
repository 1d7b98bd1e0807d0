using PeftU.Abstractions;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>subjectivediscourse_response_sentiment</c> (Ferracane et al., 2021).</summary>
[PeftTask("subjectivediscourse_response_sentiment", Display = "SubjectiveDiscourse (response sentiment)", Paper = "Ferracane et al., 2021")]
public sealed partial class SubjectiveDiscourseResponseSentimentTask() : PeftUTask("subjectivediscourse_response_sentiment"), IPeftTask;
