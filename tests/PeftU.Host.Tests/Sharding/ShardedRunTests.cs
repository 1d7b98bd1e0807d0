using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PeftU.Host.Tests.Sharding;

/// <summary><c>run --shard I/N</c> as real processes writing one folder: together they record exactly what one
/// unsharded run records, the same shard twice or an unsharded run beside shards is refused, and reports on a partly
/// run folder say what is missing.</summary>
[Collection(ShardedRunCollection.Name)]
public sealed class ShardedRunTests(ShardedBaseline baseline)
{
    private static string Experiment => ShardedBaseline.Experiment;

    [Fact]
    public async Task Shards_running_at_once_into_one_folder_lose_nothing_and_report_what_an_unsharded_run_reports()
    {
        string folder = baseline.NewFolder("three");
        var shards = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => PeftuProcess.Run("run", Experiment, "--out", folder, "--plain", "--shard", $"{i}/3")));
        foreach (var (code, _, error) in shards)
            Assert.True(code == 0, error);
        RunComparison.AssertSameResults(await baseline.Whole, folder);

        // Each shard ran exactly the units `plan --shards 3` gives it, and says so in its status file.
        var (planCode, planJson, planError) = CliRunner.Run("plan", Experiment, "--shards", "3", "--json", "--plugins-dir", PeftU.Testing.RepoPaths.StagedPlugins);
        Assert.True(planCode == 0, planError);
        var planned = JsonNode.Parse(planJson)!["shards"]!.AsArray();
        Assert.Equal(9, planned.Sum(s => s!["units"]!.AsArray().Count));
        for (int i = 0; i < 3; i++)
        {
            var status = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "shards", $"{i}-of-3.json")))!;
            Assert.Equal("done", (string?)status["state"]);
            Assert.Equal(planned[i]!["units"]!.AsArray().Select(u => (string?)u!["name"]), status["units"]!.AsArray().Select(u => (string?)u));
        }
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_same_shard_twice_and_an_unsharded_run_beside_a_shard_are_refused()
    {
        string folder = baseline.NewFolder("refused");
        using var first = PeftuProcess.Start("run", Experiment, "--out", folder, "--plain", "--shard", "0/2");
        var drained = Task.WhenAll(first.StandardOutput.ReadToEndAsync(), first.StandardError.ReadToEndAsync());
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(folder, "shards", "0-of-2.json")) && !first.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
                Thread.Sleep(20);
            if (first.HasExited)
                Assert.Fail("the first shard ended before the others could be tried: " + (await drained)[1]);
            Signal("STOP", first);  // frozen with its locks held, however fast it would otherwise finish

            var (again, _, againError) = await PeftuProcess.Run("run", Experiment, "--out", folder, "--plain", "--shard", "0/2");
            Assert.True(again == 1, againError);
            Assert.Contains("shard 0/2 of", againError);
            Assert.Contains("is already running", againError);

            var (whole, _, wholeError) = await PeftuProcess.Run("run", Experiment, "--out", folder, "--plain");
            Assert.True(whole == 1, wholeError);
            Assert.Contains("is in use by another peftu run", wholeError);
        }
        finally
        {
            if (!first.HasExited)
            {
                first.Kill(entireProcessTree: true);
                Signal("CONT", first);
            }
            await first.WaitForExitAsync();
            await drained;
        }
    }

    private static void Signal(string signal, Process process)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    [Fact]
    public async Task A_report_of_a_partly_run_folder_names_the_incomplete_cells_and_the_shards_not_finished()
    {
        string folder = baseline.NewFolder("partial");
        var (code, _, error) = await PeftuProcess.Run("run", Experiment, "--out", folder, "--plain", "--shard", "1/3");
        Assert.True(code == 0, error);
        Assert.Contains("peftu: shard 1/3 done; the run is not complete yet", error);

        var (reportCode, _, reportError) = CliRunner.Run("report", folder);
        Assert.Equal(0, reportCode);
        Assert.Contains("cell(s) incomplete: synthetic/lora:", reportError);
        Assert.Contains("shards not finished: 1 of 3 shards done; not started: 0, 2", reportError);
        string markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains("Shards not finished: 1 of 3 shards done; not started: 0, 2.", markdown);
        Assert.Contains("unfinished", markdown);

        // A report job waiting for a run that does not finish gives up at its timeout, reports written.
        var (waited, _, waitError) = CliRunner.Run("report", folder, "--wait", "--timeout", "0.0003", "--poll", "0.2");
        Assert.Equal(1, waited);
        Assert.Contains("--timeout reached before the run was complete", waitError);

        // The other shards complete it; the report then equals an unsharded run's and says nothing of shards.
        foreach (int i in new[] { 0, 2 })
        {
            var (rest, _, restError) = await PeftuProcess.Run("run", Experiment, "--out", folder, "--plain", "--shard", $"{i}/3");
            Assert.True(rest == 0, restError);
        }
        var (final, _, finalError) = CliRunner.Run("report", folder, "--wait");
        Assert.True(final == 0, finalError);
        Assert.DoesNotContain("incomplete", finalError);
        RunComparison.AssertSameResults(await baseline.Whole, folder);
    }
}
