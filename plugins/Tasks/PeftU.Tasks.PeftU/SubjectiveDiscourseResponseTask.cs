using PeftU.Abstractions;
using PeftU.Data.Raw;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>subjectivediscourse_response</c> (Ferracane et al., 2021).</summary>
[PeftTask("subjectivediscourse_response", Display = "SubjectiveDiscourse (response)", Paper = "Ferracane et al., 2021")]
public sealed partial class SubjectiveDiscourseResponseTask() : SubjectiveDiscourseTask("subjectivediscourse_response", SubjectiveDiscourseReader.Variant.Response), IPeftTask;
