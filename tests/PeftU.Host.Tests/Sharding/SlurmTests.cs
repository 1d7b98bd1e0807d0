using System.Diagnostics;
using System.Text.RegularExpressions;
using PeftU.Testing;

namespace PeftU.Host.Tests.Sharding;

/// <summary><c>peftu export slurm</c> submitted to a real Slurm: a job array of 4 shards and a dependent report job
/// record what an unsharded run records; an array task cancelled mid-run and requeued resumes and ends the same.</summary>
[Collection(ShardedRunCollection.Name)]
public sealed partial class SlurmTests(ShardedBaseline baseline, SlurmCluster cluster) : IClassFixture<SlurmCluster>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(6);

    private SlurmCluster Cluster => cluster;

    /// <summary>Exports and submits the experiment as 4 shards; the array's and the report job's ids.</summary>
    private (string Array, string Report, string Folder) Submit(string name)
    {
        string folder = baseline.NewFolder(name);
        string script = folder + "-submit.sh";
        var (code, _, error) = CliRunner.Run("--plugins-dir", RepoPaths.StagedPlugins, "export", "slurm", ShardedBaseline.Experiment, "--shards", "4",
            "--run-dir", folder, "--peftu", PeftuProcess.Command, "--time", "20:00", "--out", script);
        Assert.True(code == 0, error);
        var (submitted, output, submitError) = Cluster.Run("bash", script);
        Assert.True(submitted == 0, submitError);
        var ids = Submitted().Match(output);
        Assert.True(ids.Success, output);
        return (ids.Groups[1].Value, ids.Groups[2].Value, folder);
    }

    [Fact]
    public async Task A_job_array_of_four_shards_and_its_report_job_record_what_an_unsharded_run_records()
    {
        var (array, report, folder) = Submit("slurm");
        Cluster.WaitGone(Limit, array, report);
        Assert.True(File.Exists(Path.Combine(folder, "report.md")), "the report job wrote no report");
        for (int i = 0; i < 4; i++)
        {
            string log = File.ReadAllText(Path.Combine(folder, "logs", $"peftu-run-sharded-{array}_{i}.out"));
            Assert.Contains($"peftu: shard {i}/4:", log);
        }
        Assert.Single(Directory.GetFiles(Path.Combine(folder, "logs"), "peftu-run-sharded-report-*.out"));
        RunComparison.AssertSameResults(await baseline.Whole, folder);
    }

    [Fact]
    public async Task An_array_task_cancelled_mid_run_and_requeued_resumes_its_banks_and_ends_the_same()
    {
        var (array, report, folder) = Submit("requeue");
        // Cancel the shard with the most banks as soon as it has started on them.
        var (_, planJson, _) = CliRunner.Run("plan", ShardedBaseline.Experiment, "--shards", "4", "--json", "--plugins-dir", RepoPaths.StagedPlugins);
        int shard = System.Text.Json.Nodes.JsonNode.Parse(planJson)!["shards"]!.AsArray().MaxBy(s => s!["units"]!.AsArray().Count)!["shard"]!.GetValue<int>();
        string task = $"{array}_{shard}";
        string status = Path.Combine(folder, "shards", $"{shard}-of-4.json");
        var clock = Stopwatch.StartNew();
        while (!(File.Exists(status) && Cluster.State(task) == "RUNNING"))
        {
            Assert.True(clock.Elapsed < Limit, $"array task {task} never ran: {Cluster.Run("squeue").Out}");
            Thread.Sleep(50);
        }
        var (cancelled, _, cancelError) = Cluster.Run("scancel", task);
        Assert.True(cancelled == 0, cancelError);
        while (Cluster.State(task) is "RUNNING" or "COMPLETING")
            Thread.Sleep(100);
        // scancel sends SIGTERM first: the shard stops after its current step, records intact, and says so.
        Assert.Contains("\"state\": \"stopped\"", File.ReadAllText(status));

        var (requeued, _, requeueError) = Cluster.Run("scontrol", "requeue", task);
        Assert.True(requeued == 0, requeueError);
        // Slurm holds a requeued job back (BeginTime) for a while; start it now.
        var (released, _, releaseError) = Cluster.Run("scontrol", "update", $"JobId={task}", "StartTime=now");
        Assert.True(released == 0, releaseError);
        Cluster.WaitGone(Limit, array, report);

        Assert.Contains("\"state\": \"done\"", File.ReadAllText(status));
        string log = File.ReadAllText(Path.Combine(folder, "logs", $"peftu-run-sharded-{array}_{shard}.out"));
        Assert.Equal(2, Regex.Count(log, $"peftu: shard {shard}/4:"));  // the cancelled start and the requeued one, in one log
        Assert.Contains("peftu: stopped; finished users are recorded", log);
        var (code, _, error) = CliRunner.Run("report", folder);
        Assert.True(code == 0, error);
        Assert.DoesNotContain("incomplete", error);
        RunComparison.AssertSameResults(await baseline.Whole, folder);
    }

    [GeneratedRegex(@"job array (\d+) and the report as job (\d+)")]
    private static partial Regex Submitted();
}
