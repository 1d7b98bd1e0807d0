using System.Diagnostics;
using PeftU.Testing;

namespace PeftU.Host.Tests.Sharding;

/// <summary>A real one-node Slurm cluster (Debian's slurm-wlm) for the tests: installed when missing (as root, as CI
/// is), started by <c>.ci/slurm-cluster.sh</c> in a folder of its own and stopped by pid afterwards.</summary>
public sealed class SlurmCluster : IDisposable
{
    private readonly TempFolder _folder = new("peftu-slurm");
    private static string Script => Path.Combine(RepoPaths.Root, ".ci", "slurm-cluster.sh");

    public string Conf { get; }

    public SlurmCluster()
    {
        var (installed, _, installError) = Shell("install");
        Assert.True(installed == 0, $"Slurm is not installed and could not be ({installError.Trim()}); run `sudo .ci/slurm-cluster.sh install`.");
        var (started, output, error) = Shell("start", _folder.Path);
        Assert.True(started == 0, $"the test Slurm cluster did not start: {error}");
        Conf = output.Split('\n').Single(l => l.StartsWith("SLURM_CONF=", StringComparison.Ordinal))["SLURM_CONF=".Length..];
    }

    /// <summary>Runs a Slurm client command (or any command) against this cluster.</summary>
    public (int Code, string Out, string Error) Run(string file, params string[] args) => Exec(file, Conf, args);

    /// <summary>The job's (or array task's) state, or "" once Slurm no longer lists it.</summary>
    public string State(string job) => Run("squeue", "-h", "-j", job, "-o", "%T").Out.Trim().Split('\n')[0].Trim();

    /// <summary>Waits until none of <paramref name="jobs"/> is pending or running.</summary>
    public void WaitGone(TimeSpan limit, params string[] jobs)
    {
        var clock = Stopwatch.StartNew();
        while (jobs.Any(j => State(j).Length > 0))
        {
            Assert.True(clock.Elapsed < limit, $"Slurm jobs {string.Join(", ", jobs)} still queued after {limit}: {Run("squeue").Out}");
            Thread.Sleep(250);
        }
    }

    private static (int Code, string Out, string Error) Shell(params string[] args) => Exec("bash", null, [Script, .. args]);

    private static (int Code, string Out, string Error) Exec(string file, string? conf, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (conf is not null)
            info.Environment["SLURM_CONF"] = conf;
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    public void Dispose()
    {
        Shell("stop", _folder.Path);
        _folder.Dispose();
    }
}
