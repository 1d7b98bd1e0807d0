using System.Text.Json.Nodes;
using PeftU.Host.Cli;
using PeftU.Testing;
using SkiaSharp;
using static PeftU.Host.Tests.CliRunner;

namespace PeftU.Host.Tests;

/// <summary><c>peftu run</c> and <c>peftu report</c> end to end on the tiny fixture backbone: records, reports and
/// plots are written; the report regenerates byte for byte; a folder of another experiment file is refused.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly TempFolder _temp = new("peftu-run");

    private string Out => _temp.Path;

    public static string Experiment(string name) => Path.Combine(RepoRoot, "tests", "PeftU.Host.Tests", "Experiments", name);

    private static string RepoRoot => RepoPaths.Root;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Run_writes_a_record_per_user_and_every_report_and_plot()
    {
        var (code, output, error) = Run("run", Experiment("run-small.yaml"), "--out", Out, "--plain", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);

        string[] reports = ["report.md", "results.json", "results.csv", "accuracy.png", "user-accuracy-synthetic.png", "params-vs-accuracy.png"];
        Assert.Equal(reports.Select(r => Path.Combine(Out, r)), output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
        foreach (string cell in new[] { "zero-shot", "lora", "prompt-tuning" })
            Assert.Equal(6, Directory.GetFiles(Path.Combine(Out, "records", "synthetic", cell), "*.json").Length);
        Assert.Contains("synthetic/lora: epoch 2/2 done", error);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "results.json")))!;
        var cells = json["cells"]!.AsArray();
        Assert.Equal(["zero-shot", "lora", "prompt-tuning"], cells.Select(c => (string)c!["method"]!));
        foreach (var cell in cells)
        {
            Assert.Equal("synthetic", (string)cell!["task"]!);
            Assert.Equal(6, (int)cell["users"]!);
            Assert.InRange((double)cell["mean_user_accuracy"]!, 0, 1);
            Assert.InRange((double)cell["micro_accuracy"]!, 0, 1);
            Assert.True((double)cell["seconds"]! > 0);
            Assert.Equal(6, cell["user_records"]!.AsArray().Count);
            Assert.NotNull(cell["options"]);
        }
        Assert.Equal(0, (long)cells[0]!["trainable_params"]!);
        Assert.Equal("8", (string)cells[1]!["options"]!["r"]!);
        // Options as they take effect: prompt_init_text does nothing with prompt_init=random, so it is not shown.
        Assert.Equal("random", (string)cells[2]!["options"]!["prompt_init"]!);
        Assert.False(cells[2]!["options"]!.AsObject().ContainsKey("prompt_init_text"));
        // r 8 on q and v (32 → 32) of the 6 attentions (2 encoder self, 2 decoder self, 2 cross): 12 × (32 + 32) × 8.
        Assert.Equal(12 * 64 * 8, (long)cells[1]!["trainable_params"]!);
        var lora = cells[1]!["user_records"]!.AsArray()[0]!;
        Assert.Equal(2, lora["val_losses"]!.AsArray().Count);
        Assert.InRange((int)lora["best_epoch"]!, 1, 2);

        foreach (string plot in reports.Where(r => r.EndsWith(".png", StringComparison.Ordinal)))
            AssertDrawn(Path.Combine(Out, plot));

        // The reports come from the records alone: regenerating them gives the same bytes.
        var before = reports.Take(3).ToDictionary(r => r, r => File.ReadAllText(Path.Combine(Out, r)));
        foreach (string r in reports)
            File.Delete(Path.Combine(Out, r));
        var (again, _, againError) = Run("report", Out);
        Assert.True(again == 0, againError);
        foreach (var (name, text) in before)
            Assert.Equal(text, File.ReadAllText(Path.Combine(Out, name)));
        Assert.All(reports, r => Assert.True(File.Exists(Path.Combine(Out, r)), r));

        // A bank with a missing record (a run killed while writing it) is retrained whole, with the same members and
        // dropout draws, so the missing user comes back exactly as it was; its bank mates' records are left alone.
        string missing = Path.Combine(Out, "records", "synthetic", "lora", "user0001.json");
        string mate = Path.Combine(Out, "records", "synthetic", "lora", "user0002.json");
        string lost = File.ReadAllText(missing);
        var mateWritten = File.GetLastWriteTimeUtc(mate);
        File.Delete(missing);
        var (resumed, _, resumedError) = Run("run", Experiment("run-small.yaml"), "--out", Out, "--plain", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(resumed == 0, resumedError);
        Assert.Contains("synthetic/lora: 6 users, 5 already finished (resumed)", resumedError);
        Assert.DoesNotContain("synthetic/prompt-tuning: bank", resumedError);
        Assert.Equal(WithoutSeconds(lost), WithoutSeconds(File.ReadAllText(missing)));
        Assert.Equal(mateWritten, File.GetLastWriteTimeUtc(mate));
    }

    [Fact]
    public void Save_adapters_on_users_finished_without_them_says_so_and_fails()
    {
        var (first, _, firstError) = Run("run", Experiment("run-small.yaml"), "--out", Out, "--plain", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(first == 0, firstError);
        var (again, _, error) = Run("run", Experiment("run-small.yaml"), "--out", Out, "--plain", "--save-adapters", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(ExitCodes.Failure, again);
        Assert.Contains("peftu: --save-adapters: 6 users of synthetic/lora were finished by an earlier run that did not save their modules", error);
        Assert.Contains("synthetic/prompt-tuning", error);
        // Nothing to save for a frozen baseline.
        Assert.DoesNotContain(error.Split('\n'), l => l.Contains("--save-adapters", StringComparison.Ordinal) && l.Contains("zero-shot", StringComparison.Ordinal));
    }

    private static string WithoutSeconds(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("seconds");
        node.Remove("checksum");  // a hash of the whole record, seconds included
        return node.ToJsonString();
    }

    /// <summary>The README's main command must show personalization: the quickstart's settings, cut to zero-shot and
    /// LoRA (the whole file takes minutes), give LoRA ≥ zero-shot + 15 points of mean per-user accuracy.</summary>
    [Fact]
    public void The_quickstart_shows_personalization()
    {
        string text = File.ReadAllText(Path.Combine(RepoRoot, "experiments", "quickstart.yaml"));
        string cut = System.Text.RegularExpressions.Regex.Replace(text, @"^methods:\n(  - .*\n)+", "methods: [zero-shot, lora]\n",
            System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.NotEqual(text, cut);
        Directory.CreateDirectory(Out);
        string file = Path.Combine(Out, "quickstart-cut.yaml");
        File.WriteAllText(file, cut);

        var (code, _, error) = Run("run", file, "--out", Path.Combine(Out, "run"), "--plain", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "run", "results.json")))!["cells"]!.AsArray();
        double zeroShot = (double)cells[0]!["mean_user_accuracy"]!;
        double lora = (double)cells[1]!["mean_user_accuracy"]!;
        Assert.Equal(16, (int)cells[1]!["users"]!);
        Assert.True(lora >= zeroShot + 0.15, $"LoRA {lora:P1} vs zero-shot {zeroShot:P1}");
    }

    [Fact]
    public void A_folder_started_with_another_experiment_file_is_refused_unless_forced()
    {
        Directory.CreateDirectory(Out);
        File.WriteAllText(Path.Combine(Out, "experiment.yaml"), "# another experiment\n");
        var (code, output, error) = Run("run", Experiment("run-frozen.yaml"), "--out", Out, "--plain", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("", output);
        Assert.Contains("holds a run of a different experiment file", error);
        Assert.Contains("--force", error);
        Assert.Equal(["experiment.yaml"], Directory.GetFileSystemEntries(Out).Select(Path.GetFileName));
        Assert.Equal("# another experiment\n", File.ReadAllText(Path.Combine(Out, "experiment.yaml")));

        var (forced, _, forcedError) = Run("run", Experiment("run-frozen.yaml"), "--out", Out, "--plain", "--force", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(forced == 0, forcedError);
        Assert.Equal(File.ReadAllText(Experiment("run-frozen.yaml")), File.ReadAllText(Path.Combine(Out, "experiment.yaml")));
        Assert.Equal(4, Directory.GetFiles(Path.Combine(Out, "records", "synthetic", "zero-shot")).Length);
    }

    [Fact]
    public void A_folder_another_run_holds_is_refused_and_a_killed_runs_temp_files_are_swept()
    {
        var store = new PeftU.Core.Results.ResultStore(Out);
        using (store.Lock())
        {
            var (code, _, error) = Run("run", Experiment("run-frozen.yaml"), "--out", Out, "--plain", "--plugins-dir", RepoPaths.StagedPlugins);
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains("is in use by another peftu run", error);
        }

        string stale = Path.Combine(Out, "records", "synthetic", "zero-shot", "user0000.json.0123abcd.tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        File.WriteAllText(stale, "{\"half");
        var (again, _, againError) = Run("run", Experiment("run-frozen.yaml"), "--out", Out, "--plain", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(again == 0, againError);
        Assert.False(File.Exists(stale));
        Assert.False(File.Exists(Path.Combine(Out, "run.lock")));
    }

    [Fact]
    public void An_invalid_experiment_writes_nothing()
    {
        var (code, _, error) = Run("run", PlanCommandTests.File("plan-bad.yaml"), "--out", Out, "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("plan-bad.yaml:3:3: unknown key 'dtyp'", error);
        Assert.False(Directory.Exists(Out));
    }

    /// <summary>A plot is a real PNG of a sensible size with drawn content: several colours and a fair share of
    /// non-background pixels (a blank or single-colour canvas fails).</summary>
    internal static void AssertDrawn(string path)
    {
        Assert.True(new FileInfo(path).Length > 5_000, $"{path} is too small to hold a plot");
        using var bitmap = SKBitmap.Decode(path) ?? throw new Xunit.Sdk.XunitException($"{path} is not a decodable image");
        Assert.InRange(bitmap.Width, 300, 4000);
        Assert.InRange(bitmap.Height, 200, 4000);
        var background = bitmap.GetPixel(1, 1);
        var colours = new HashSet<SKColor>();
        int drawn = 0;
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var pixel = bitmap.GetPixel(x, y);
                colours.Add(pixel);
                if (pixel != background)
                    drawn++;
            }
        }
        Assert.True(colours.Count >= 8, $"{path} has only {colours.Count} colours");
        Assert.True(drawn > bitmap.Width * bitmap.Height / 4 / 100, $"{path} has only {drawn} non-background pixels (sampled)");
    }
}
