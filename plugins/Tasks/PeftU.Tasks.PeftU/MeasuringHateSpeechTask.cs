using PeftU.Abstractions;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>measuringhatespeech</c> (Kennedy et al., 2020).</summary>
[PeftTask("measuringhatespeech", Display = "Measuring Hate Speech", Paper = "Kennedy et al., 2020")]
public sealed partial class MeasuringHateSpeechTask() : PeftUTask("measuringhatespeech"), IPeftTask;
