using PeftU.Abstractions;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>studemo</c> (Ngo et al., 2022).</summary>
[PeftTask("studemo", Display = "StudEmo", Paper = "Ngo et al., 2022")]
public sealed partial class StudEmoTask() : PeftUTask("studemo"), IPeftTask;
