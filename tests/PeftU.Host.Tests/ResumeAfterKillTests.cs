using System.Diagnostics;
using System.Text.Json.Nodes;
using PeftU.Testing;

namespace PeftU.Host.Tests;

/// <summary>A real <c>peftu run</c> child process killed with SIGKILL mid-cell, then resumed, ends with the same
/// results as an uninterrupted run (wall times aside).</summary>
public sealed class ResumeAfterKillTests : IDisposable
{
    private readonly TempFolder _temp = new("peftu-resume");

    private string Root => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_run_killed_mid_cell_and_resumed_reports_what_an_uninterrupted_run_reports()
    {
        string whole = Path.Combine(Root, "whole");
        string killed = Path.Combine(Root, "killed");
        var (code, error) = await Peftu(whole);
        Assert.True(code == 0, error);

        // Kill as soon as the first cell has some, not all, of its 8 users recorded.
        string records = Path.Combine(killed, "records", "synthetic", "lora");
        using (var child = Start(killed))
        {
            var drained = Task.WhenAll(child.StandardOutput.ReadToEndAsync(), child.StandardError.ReadToEndAsync());  // never block on a full pipe
            var deadline = Stopwatch.StartNew();
            while (Count(records) == 0 && !child.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(3))
                Thread.Sleep(10);  // a blocking poll: xunit's limited async scheduler can delay a continuation by seconds
            if (child.HasExited)
                Assert.Fail($"the run ended before it could be killed: {(await drained)[1]}");
            child.Kill(entireProcessTree: true);  // SIGKILL: no handler runs, nothing is flushed
            await child.WaitForExitAsync();
            await drained;
        }
        int recorded = Count(records);
        Assert.InRange(recorded, 1, 7);
        Assert.False(File.Exists(Path.Combine(killed, "results.json")));
        Assert.All(Directory.GetFiles(records, "*.json"), f => Assert.NotNull(JsonNode.Parse(File.ReadAllText(f))));  // only whole records

        var (resumed, resumedError) = await Peftu(killed);
        Assert.True(resumed == 0, resumedError);
        Assert.Contains($"synthetic/lora: 8 users, {recorded} already finished (resumed)", resumedError);

        RunComparison.AssertSameResults(whole, killed);
    }

    [Fact]
    public async Task Ctrl_C_stops_after_the_current_step_writes_the_reports_and_exits_130()
    {
        string folder = Path.Combine(Root, "interrupted");
        string records = Path.Combine(folder, "records", "synthetic", "lora");
        using var child = Start(folder);
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        var deadline = Stopwatch.StartNew();
        while (Count(records) == 0 && !child.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(3))
            Thread.Sleep(10);
        if (child.HasExited)
            Assert.Fail($"the run ended before it could be interrupted: {await stderr}");
        using (var signal = Process.Start("kill", ["-INT", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await signal.WaitForExitAsync();
        await child.WaitForExitAsync();
        string error = await stderr;
        await stdout;

        Assert.Equal(130, child.ExitCode);
        Assert.Contains("peftu: stopped; finished users are recorded", error);
        Assert.InRange(Count(records), 1, 7);
        Assert.Contains("unfinished", File.ReadAllText(Path.Combine(folder, "report.md")));
        Assert.True(File.Exists(Path.Combine(folder, "results.json")));
    }

    private static int Count(string folder) => Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Length : 0;

    private static Process Start(string output) =>
        PeftuProcess.Start("run", RunCommandTests.Experiment("run-resume.yaml"), "--out", output, "--plain");

    private static async Task<(int Code, string Error)> Peftu(string output)
    {
        var (code, _, error) = await PeftuProcess.Run("run", RunCommandTests.Experiment("run-resume.yaml"), "--out", output, "--plain");
        return (code, error);
    }
}
