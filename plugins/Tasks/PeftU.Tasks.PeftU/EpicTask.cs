using PeftU.Abstractions;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>epic</c> (Frenda et al., 2023).</summary>
[PeftTask("epic", Display = "EPIC", Paper = "Frenda et al., 2023")]
public sealed partial class EpicTask() : PeftUTask("epic"), IPeftTask;
