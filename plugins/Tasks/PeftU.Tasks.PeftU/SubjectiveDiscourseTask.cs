using PeftU.Abstractions.Tasks;
using PeftU.Data.Raw;
using PeftU.Data.Splits;

namespace PeftU.Tasks.PeftU;

/// <summary>The three SubjectiveDiscourse tasks: one raw TSV, one label column each.</summary>
public abstract class SubjectiveDiscourseTask(string id, SubjectiveDiscourseReader.Variant variant) : PeftUTask(id)
{
    public override bool CanPrepare => true;

    /// <summary>From <c>with_features_annotated_questions_responses_gold.tsv</c>.</summary>
    public override PersonalizedDataset Prepare(string rawPath) => PeftUSplitter.Split(SubjectiveDiscourseReader.Read(rawPath, variant));
}
