using PeftU.Core.Training;

namespace PeftU.Core.Experiments;

/// <summary>An observer that reports nothing (a runner used only for its manifest, tests).</summary>
public sealed class SilentRunObserver : IRunObserver
{
    public static readonly SilentRunObserver Instance = new();

    public void CellStarted(string task, string cell, int users, int finished) { }

    public void BankStarted(int bank, int banks, int users) { }

    public void Step(TrainingProgress progress) { }

    public void UsersDone(int done, int users) { }

    public void UserDiverged(string user, int epoch) { }

    public void CellDone(string task, string cell, double meanUserAccuracy, double seconds) { }
}
