using PeftU.Core.Experiments;

namespace PeftU.Host.Cli;

/// <summary>A run observer that owns the console while the run works (progress bars need to wrap the work).</summary>
public interface IConsoleRunObserver : IRunObserver
{
    void Run(Action work);
}
