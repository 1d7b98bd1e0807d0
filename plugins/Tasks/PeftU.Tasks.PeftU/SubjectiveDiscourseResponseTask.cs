using PeftU.Abstractions;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>subjectivediscourse_response</c> (Ferracane et al., 2021).</summary>
[PeftTask("subjectivediscourse_response", Display = "SubjectiveDiscourse (response)", Paper = "Ferracane et al., 2021")]
public sealed partial class SubjectiveDiscourseResponseTask() : PeftUTask("subjectivediscourse_response"), IPeftTask;
