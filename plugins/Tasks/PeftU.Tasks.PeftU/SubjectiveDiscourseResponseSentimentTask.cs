using PeftU.Abstractions;
using PeftU.Data.Raw;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>subjectivediscourse_response_sentiment</c> (Ferracane et al., 2021).</summary>
[PeftTask("subjectivediscourse_response_sentiment", Display = "SubjectiveDiscourse (response sentiment)", Paper = "Ferracane et al., 2021")]
public sealed partial class SubjectiveDiscourseResponseSentimentTask() : SubjectiveDiscourseTask("subjectivediscourse_response_sentiment", SubjectiveDiscourseReader.Variant.ResponseSentiment), IPeftTask;
