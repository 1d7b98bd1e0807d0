namespace PeftU.Core.Training;

/// <summary>How one user's training went: validation loss after every epoch, the epoch kept (1-based; 0 when the user
/// has no validation examples and the last epoch is kept), and the optimizer steps taken.</summary>
public sealed record UserTrainingResult(string UserId, IReadOnlyList<double> ValLosses, int BestEpoch, int Steps);
