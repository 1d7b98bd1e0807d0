namespace PeftU.Core.Training;

/// <summary>What the bank trainer needs of the experiment's training section. <see cref="Dropout"/> false keeps the
/// backbone and methods in eval mode while training (deterministic; HF Trainer trains with dropout on).
/// <see cref="MaxRows"/> bounds the rows of one forward pass: a bank step larger than that accumulates gradients over
/// several passes, whole users per pass, which gives the same step.</summary>
public sealed record TrainingSettings(int Epochs, double Lr, double WeightDecay, int Batch, double WarmupRatio, int Seed,
    bool Dropout = true, double MaxGradNorm = 1.0, int MaxRows = 64, int PadTo = 0, bool WarmupFloor = false, bool DecayBias = false,
    ValLoss ValLoss = ValLoss.TokenMean);

/// <summary>How a user's validation loss (which picks its best epoch) averages: over all target tokens; as the mean of
/// each validation batch's token mean (the original's peft path); or that weighted by batch size (HF Trainer).</summary>
public enum ValLoss
{
    TokenMean,
    BatchMean,
    BatchMeanBySize,
}
