namespace PeftU.Core.Training;

/// <summary>Reported after every bank step: epoch (1-based), step within the epoch, the epoch's steps, and the mean of
/// the active users' losses in that step.</summary>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Step, int Steps, double Loss);
