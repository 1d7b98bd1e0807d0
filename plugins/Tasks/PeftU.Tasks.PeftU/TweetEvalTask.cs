using PeftU.Abstractions;
using PeftU.Abstractions.Tasks;
using PeftU.Data.Raw;
using PeftU.Data.Splits;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>tweeteval</c> (Barbieri et al., 2020).</summary>
[PeftTask("tweeteval", Display = "TweetEval", Paper = "Barbieri et al., 2020")]
public sealed partial class TweetEvalTask() : PeftUTask("tweeteval"), IPeftTask
{
    public override bool CanPrepare => true;

    /// <summary>From <c>annotations_g3.csv</c>: <c>post_id,text,&lt;one column per annotator&gt;</c>.</summary>
    public override PersonalizedDataset Prepare(string rawPath) => PeftUSplitter.Split(AnnotatorColumnsReader.Read(rawPath));
}
