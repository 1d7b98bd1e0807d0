using PeftU.Abstractions;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>tweeteval</c> (Barbieri et al., 2020).</summary>
[PeftTask("tweeteval", Display = "TweetEval", Paper = "Barbieri et al., 2020")]
public sealed partial class TweetEvalTask() : PeftUTask("tweeteval"), IPeftTask;
