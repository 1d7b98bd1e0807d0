using PeftU.Abstractions;
using PeftU.Abstractions.Tasks;
using PeftU.Data.Raw;
using PeftU.Data.Splits;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>subjectivediscourse_response</c> (Ferracane et al., 2021).</summary>
[PeftTask("subjectivediscourse_response", Display = "SubjectiveDiscourse (response)", Paper = "Ferracane et al., 2021")]
public sealed partial class SubjectiveDiscourseResponseTask() : PeftUTask("subjectivediscourse_response"), IPeftTask
{
    public override bool CanPrepare => true;

    /// <summary>From <c>with_features_annotated_questions_responses_gold.tsv</c>.</summary>
    public override PersonalizedDataset Prepare(string rawPath) => PeftUSplitter.Split(SubjectiveDiscourseReader.Read(rawPath, SubjectiveDiscourseReader.Variant.Response));
}
