using System.Globalization;
using PeftU.Core.Training;
using Spectre.Console;

namespace PeftU.Host.Cli;

/// <summary>Spectre.Console progress bars for an interactive terminal: one bar per cell (users) and one for the current
/// bank's steps with its loss; elapsed and remaining time per bar.</summary>
public sealed class ProgressBarObserver : IConsoleRunObserver
{
    private ProgressContext? _context;
    private ProgressTask? _cell, _steps;
    private string _name = "";

    public void Run(Action work) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                _context = context;
                work();
            });

    public void CellStarted(string task, string cell, int users, int finished)
    {
        _name = $"{task}/{cell}";
        _steps?.StopTask();
        _cell = _context!.AddTask(Markup.Escape(_name), maxValue: users);
        _cell.Value = finished;
    }

    public void BankStarted(int bank, int banks, int users)
    {
        _steps?.StopTask();
        _steps = _context!.AddTask(Markup.Escape($"  bank {bank}/{banks} ({users} users)"), maxValue: 1);
    }

    public void Step(TrainingProgress progress)
    {
        if (_steps is null)
            return;
        _steps.MaxValue = progress.Epochs * progress.Steps;
        _steps.Value = (progress.Epoch - 1) * progress.Steps + progress.Step;
        _steps.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"  epoch {progress.Epoch}/{progress.Epochs} step {progress.Step}/{progress.Steps} loss {progress.Loss:0.000}"));
    }

    public void UsersDone(int done, int users)
    {
        if (_cell is not null)
            _cell.Value = done;
        _steps?.StopTask();
    }

    public void UserDiverged(string user, int epoch) =>
        AnsiConsole.MarkupLine(Markup.Escape($"warning: user {user} diverged in epoch {epoch} (validation loss NaN or infinite); its best finite epoch was kept"));

    public void CellDone(string task, string cell, double meanUserAccuracy, double seconds)
    {
        if (_cell is null)
            return;
        _cell.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{task}/{cell}: {meanUserAccuracy * 100:0.0}%"));
        _cell.StopTask();
    }
}
