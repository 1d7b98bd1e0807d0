using PeftU.Core.Training;

namespace PeftU.Core.Experiments;

/// <summary>What a run reports while it works (console progress, logs). Every member is called on the run's thread.</summary>
public interface IRunObserver
{
    /// <summary>A cell starts: its users in all and those already finished (resumed).</summary>
    void CellStarted(string task, string cell, int users, int finished);

    /// <summary>A bank of users starts training (or evaluation, for frozen methods).</summary>
    void BankStarted(int bank, int banks, int users);

    void Step(TrainingProgress progress);

    /// <summary>Users of the cell finished so far (including resumed ones).</summary>
    void UsersDone(int done, int users);

    /// <summary>A user's validation loss turned NaN or infinite in <paramref name="epoch"/>; its best finite epoch (or
    /// its initial module) was kept.</summary>
    void UserDiverged(string user, int epoch);

    void CellDone(string task, string cell, double meanUserAccuracy, double seconds);
}
