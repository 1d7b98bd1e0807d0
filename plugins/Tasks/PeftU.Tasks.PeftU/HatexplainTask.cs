using PeftU.Abstractions;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>hatexplain</c> (Mathew et al., 2021).</summary>
[PeftTask("hatexplain", Display = "HateXplain", Paper = "Mathew et al., 2021")]
public sealed partial class HatexplainTask() : PeftUTask("hatexplain"), IPeftTask;
