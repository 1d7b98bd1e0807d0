using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PeftU.Testing;

namespace PeftU.Host.Tests;

/// <summary>A real <c>peftu run</c> child process killed with SIGKILL mid-cell, then resumed, ends with the same
/// results as an uninterrupted run (wall times aside).</summary>
public sealed partial class ResumeAfterKillTests : IDisposable
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

        Assert.Equal(WithoutTimes(Json(whole)), WithoutTimes(Json(killed)));
        Assert.Equal(MaskTimes(File.ReadAllText(Path.Combine(whole, "report.md"))), MaskTimes(File.ReadAllText(Path.Combine(killed, "report.md"))));
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

    private static JsonNode Json(string folder) => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "results.json")))!;

    /// <summary>results.json with every "seconds" removed (wall time is the one thing a resumed run may change).</summary>
    private static string WithoutTimes(JsonNode node)
    {
        Strip(node);
        return node.ToJsonString();

        static void Strip(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                o.Remove("seconds");
                foreach (var (_, child) in o)
                    Strip(child);
            }
            else if (n is JsonArray a)
            {
                foreach (var child in a)
                    Strip(child);
            }
        }
    }

    private static string MaskTimes(string markdown) => TimeCell().Replace(markdown, "| <time> |");

    // Every form MarkdownReport.Duration writes: "12.3 s" and, from a minute on, "m:ss" or "h:mm:ss".
    [GeneratedRegex(@"\| ([0-9.]+ (s|min|h)|[0-9]+(:[0-9]{2}){1,2}) \|$", RegexOptions.Multiline)]
    private static partial Regex TimeCell();

    private static Process Start(string output)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { HostDll, "run", RunCommandTests.Experiment("run-resume.yaml"), "--out", output, "--plain", "--plugins-dir", RepoPaths.StagedPlugins })
            info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    private static async Task<(int Code, string Error)> Peftu(string output)
    {
        using var child = Start(output);
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        await stdout;
        return (child.ExitCode, await stderr);
    }

    /// <summary>The host as built beside the tests (a separate process, so a SIGKILL hits only it).</summary>
    private static string HostDll => Path.Combine(AppContext.BaseDirectory, "peftu.dll");
}
