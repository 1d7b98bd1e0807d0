using PeftU.Abstractions;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>cockamamie</c> (Gultchin et al., 2019).</summary>
[PeftTask("cockamamie", Display = "Cockamamie", Paper = "Gultchin et al., 2019")]
public sealed partial class CockamamieTask() : PeftUTask("cockamamie"), IPeftTask;
