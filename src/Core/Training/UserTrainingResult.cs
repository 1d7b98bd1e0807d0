namespace PeftU.Core.Training;

/// <summary>How one user's training went: validation loss after every epoch, the epoch kept (1-based; 0 when the user
/// has no validation examples and the last epoch is kept, or when every epoch diverged and the initial module is kept),
/// the optimizer steps taken, and the first epoch whose validation loss was NaN or infinite (null: never diverged).</summary>
public sealed record UserTrainingResult(string UserId, IReadOnlyList<double> ValLosses, int BestEpoch, int Steps, int? DivergedEpoch = null);
