using System.Diagnostics;
using System.Globalization;
using PeftU.Core.Training;

namespace PeftU.Host.Cli;

/// <summary>Plain progress lines (logs, CI, redirected output): cells, banks, one line per epoch, results.</summary>
public sealed class LogLineObserver(TextWriter log) : IConsoleRunObserver
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private string _cell = "";

    public void Run(Action work) => work();

    public void CellStarted(string task, string cell, int users, int finished)
    {
        _cell = $"{task}/{cell}";
        Line($"{_cell}: {users} users" + (finished > 0 ? $", {finished} already finished (resumed)" : ""));
    }

    public void BankStarted(int bank, int banks, int users) => Line($"{_cell}: bank {bank}/{banks} ({users} users)");

    public void Step(TrainingProgress progress)
    {
        if (progress.Step == progress.Steps)
            Line(string.Create(CultureInfo.InvariantCulture, $"{_cell}: epoch {progress.Epoch}/{progress.Epochs} done, last step loss {progress.Loss:0.0000}"));
    }

    public void UsersDone(int done, int users) => Line($"{_cell}: {done}/{users} users done");

    public void UserDiverged(string user, int epoch) =>
        Line($"{_cell}: warning: user {user} diverged in epoch {epoch} (validation loss NaN or infinite); its best finite epoch was kept");

    public void CellDone(string task, string cell, double meanUserAccuracy, double seconds) =>
        Line(string.Create(CultureInfo.InvariantCulture, $"{task}/{cell}: mean per-user accuracy {meanUserAccuracy * 100:0.0}% ({seconds:0.0} s of training and evaluation)"));

    private void Line(string text) => log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed:hh\\:mm\\:ss}] {text}"));
}
