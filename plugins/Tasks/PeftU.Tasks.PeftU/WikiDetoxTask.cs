using PeftU.Abstractions;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>wikidetox</c> (Wulczyn et al., 2017).</summary>
[PeftTask("wikidetox", Display = "WikiDetox", Paper = "Wulczyn et al., 2017")]
public sealed partial class WikiDetoxTask() : PeftUTask("wikidetox"), IPeftTask;
