using PeftU.Abstractions;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>goemotion</c> (Demszky et al., 2020).</summary>
[PeftTask("goemotion", Display = "GoEmotions", Paper = "Demszky et al., 2020")]
public sealed partial class GoEmotionTask() : PeftUTask("goemotion"), IPeftTask;
