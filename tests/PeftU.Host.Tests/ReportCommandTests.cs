using PeftU.Core.Results;
using PeftU.Testing;
using static PeftU.Host.Tests.CliRunner;

namespace PeftU.Host.Tests;

/// <summary><c>peftu report DIR</c> on a hand-made run folder (two tasks, a frozen and a trained method, one cell
/// unfinished, one unparseable answer, one diverged user): the Markdown, JSON and CSV reports are snapshot-tested.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly TempFolder _temp = new("peftu-report");

    private string Folder => _temp.Path;

    private ResultStore Store => new(Folder);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Reports_of_a_hand_made_run_match_their_snapshots()
    {
        MakeRun();
        var (code, output, error) = Run("report", Folder);
        Assert.True(code == 0, error);
        Assert.Contains(Path.Combine(Folder, "report.md"), output);
        await Snapshot.Verify(File.ReadAllText(Path.Combine(Folder, "report.md")), "md", "report");
        await Snapshot.Verify(File.ReadAllText(Path.Combine(Folder, "results.json")), "json", "results");
        await Snapshot.Verify(File.ReadAllText(Path.Combine(Folder, "results.csv")), "csv", "results");
        foreach (string plot in new[] { "accuracy.png", "user-accuracy-hate.png", "user-accuracy-mood.png", "params-vs-accuracy.png" })
            RunCommandTests.AssertDrawn(Path.Combine(Folder, plot));
    }

    [Fact]
    public void A_folder_without_a_manifest_is_a_clear_error()
    {
        Directory.CreateDirectory(Folder);
        var (code, _, error) = Run("report", Folder);
        Assert.Equal(1, code);
        Assert.Contains("manifest.json", error);
    }

    /// <summary>Shards finishing together each write the reports; a writer must read the records only once it holds
    /// the report lock, or one that read before another shard's last record landed can rename its report over the
    /// complete one (seen in CI: a cell reported with 4 of its 6 users).</summary>
    [Fact]
    public async Task A_report_writer_waits_for_the_one_before_it_and_reads_the_records_it_finds_then()
    {
        var cells = MakeRun();
        Task<(int Code, string Out, string Error)> report;
        using (Core.Reports.ReportLock.Take(Folder, TimeSpan.FromSeconds(5)))
        {
            report = Task.Run(() => Run("report", Folder));
            await Task.Delay(500);
            Assert.False(report.IsCompleted, "the report was written while another writer held the lock");
            // The last record lands while the other writer still holds the lock (another shard finishing its bank).
            Write(Store, cells[3], "eve", ["fear", "fear", "joy"], ["fear", "fear", "joy"], 31, [1.1, 0.8]);
        }
        var (code, _, error) = await report;
        Assert.True(code == 0, error);
        Assert.DoesNotContain("incomplete", error);
        Assert.DoesNotContain("unfinished", File.ReadAllText(Path.Combine(Folder, "report.md")));
        Assert.True(File.Exists(Path.Combine(Folder, Core.Reports.ReportLock.FileName)));
    }

    private List<ManifestCell> MakeRun()
    {
        var store = new ResultStore(Folder);
        store.Claim("# hand-made\n", force: false);
        string[] hateUsers = ["ann", "bob", "cy"];
        string[] moodUsers = ["dee", "eve"];
        var cells = new List<ManifestCell>
        {
            new("hate", "zero-shot", "zero-shot", new Dictionary<string, string>(), 0, 0, "s-hz", ["yes", "no"], hateUsers),
            new("hate", "lora", "lora", new Dictionary<string, string> { ["r"] = "8", ["target_modules"] = "q,v" }, 884_736, 884_736, "s-hl",
                ["yes", "no"], hateUsers),
            new("mood", "zero-shot", "zero-shot", new Dictionary<string, string>(), 0, 0, "s-mz", ["joy", "anger", "fear"], moodUsers),
            new("mood", "lora", "lora", new Dictionary<string, string> { ["r"] = "8", ["target_modules"] = "q,v" }, 884_736, 884_736, "s-ml",
                ["joy", "anger", "fear"], moodUsers),
        };
        store.WriteManifest(new RunManifest("hand-made.yaml", "/models/flan-t5-base", "bf16", 247_577_856, cells));

        // hate/zero-shot: says "no" to everything; hate/lora: learns each user's view.
        string[] truth = ["yes", "no", "yes", "no"];
        Write(store, cells[0], "ann", ["no", "no", "no", "no"], truth, 0.5);
        Write(store, cells[0], "bob", ["no", "no", "no", "no"], ["no", "no", "yes", "no"], 0.5);
        Write(store, cells[0], "cy", ["no", "no", "no", "no"], ["yes", "yes", "yes", "no"], 0.5);
        Write(store, cells[1], "ann", ["yes", "no", "yes", "yes"], truth, 12.25, [0.91, 0.62, 0.70]);
        Write(store, cells[1], "bob", ["no", "no", "yes", "no"], ["no", "no", "yes", "no"], 11.5, [0.88, 0.41, 0.39]);
        // cy diverged in epoch 3 (NaN validation loss): epoch 2 was kept, and the report says so.
        Write(store, cells[1], "cy", ["yes", null, "yes", "no"], ["yes", "yes", "yes", "no"], 12.0, [0.95, 0.80, double.NaN]);
        // mood: zero-shot finished, lora stopped after one of two users.
        Write(store, cells[2], "dee", ["joy", "joy", "joy"], ["joy", "anger", "fear"], 0.25);
        Write(store, cells[2], "eve", ["joy", "joy", "joy"], ["fear", "fear", "joy"], 0.25);
        Write(store, cells[3], "dee", ["joy", "anger", "joy"], ["joy", "anger", "fear"], 30, [1.2, 0.9]);
        return cells;
    }

    private static void Write(ResultStore store, ManifestCell cell, string user, string?[] predicted, string[] truth, double seconds,
        double[]? valLosses = null)
    {
        var predictions = predicted.Select((p, i) => new PredictionRecord($"{user}-{i}", p, truth[i], p == truth[i])).ToList();
        var losses = valLosses ?? [];
        var finite = losses.Where(double.IsFinite).ToArray();
        int best = finite.Length == 0 ? 0 : Array.IndexOf(losses, finite.Min()) + 1;
        int diverged = Array.FindIndex(losses, l => !double.IsFinite(l)) + 1;
        store.Write(new UserRecord(cell.Task, cell.Cell, cell.Signature, user, 40, 5, losses, best, losses.Length * 10, seconds, predictions,
            diverged > 0 ? diverged : null));
    }
}
