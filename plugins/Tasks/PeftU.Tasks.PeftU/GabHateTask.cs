using PeftU.Abstractions;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>gabhate</c> (Kennedy et al., 2022).</summary>
[PeftTask("gabhate", Display = "GabHate", Paper = "Kennedy et al., 2022")]
public sealed partial class GabHateTask() : PeftUTask("gabhate"), IPeftTask;
