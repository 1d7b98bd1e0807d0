using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PeftU.Abstractions;
using PeftU.Core.Experiments;
using PeftU.Core.Pretraining;
using PeftU.Host.Plugins;
using PeftU.Testing;
using static PeftU.Host.Tests.CliRunner;

namespace PeftU.Host.Tests;

/// <summary>The README's quickstart (<c>experiments/quickstart.yaml</c>) is a held-out experiment worth reading: the
/// bundled backbone was pre-trained on no text of the quickstart's task, every user has enough test texts for a
/// per-user accuracy, and a real run of the quickstart's task, backbone and training gives users different accuracies
/// and a trained method an interval clear of zero-shot's.</summary>
public sealed class QuickstartTests : IDisposable
{
    private readonly TempFolder _temp = new("peftu-quickstart");

    private static string Quickstart => Path.Combine(RepoPaths.Root, "experiments", "quickstart.yaml");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_pretraining_texts_exclude_every_text_of_the_quickstart_task()
    {
        var catalog = PluginCatalogLoader.Load([RepoPaths.StagedPlugins]);
        var spec = ExperimentSpecReader.Read(Quickstart);
        var entry = Assert.Single(spec.Tasks);
        var task = (IPeftTask)catalog.Find(PluginKind.Task, entry.Id).Create();
        task.Configure(entry.Options);
        var users = task.Load(null).Users;

        // What pretrain-tiny trains on with its defaults, the arguments the bundled backbone records (PretrainTinyCommandTests).
        var corpusTask = (IPeftTask)catalog.Find(PluginKind.Task, "synthetic").Create();
        corpusTask.Configure(PretrainingCorpus.SyntheticOptions(PretrainingCorpus.Annotators, PretrainingCorpus.Seed));
        var corpus = PretrainingCorpus.Pooled(corpusTask);
        Assert.Equal(800, corpus.Count);
        var pretraining = corpus.Select(e => e.Text).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(16, users.Count);
        Assert.All(users, u => Assert.InRange(u.Test.Count, 18, 24));
        var seenTest = users.SelectMany(u => u.Test.Select(s => $"{u.UserId}: {s.Text}")).Where(t => pretraining.Contains(t[(t.IndexOf(": ", StringComparison.Ordinal) + 2)..])).ToList();
        Assert.True(seenTest.Count == 0, "test texts seen in pre-training: " + string.Join("; ", seenTest.Take(5)));
        // Nor any other split: the corpus has sentence frames of its own.
        Assert.DoesNotContain(users.SelectMany(u => u.All), s => pretraining.Contains(s.Text));
        // It does speak of the task's topics: every task text's topic word occurs in the corpus.
        var corpusWords = corpus.SelectMany(e => e.Text.Split(' ')).ToHashSet(StringComparer.Ordinal);
        Assert.All(users[0].All, s => Assert.Contains(s.Text.Split(' '), corpusWords.Contains));
    }

    [Fact]
    public void A_run_of_the_quickstart_task_gives_users_different_accuracies_and_lora_an_interval_clear_of_zero_shot()
    {
        // The quickstart file itself (task, bundled backbone, training), cut to two methods to keep the suite short.
        string text = Regex.Replace(File.ReadAllText(Quickstart), @"(?ms)^methods:.*?(?=^training:)", "methods: [zero-shot, lora]\n");
        Assert.Contains("methods: [zero-shot, lora]", text);
        Directory.CreateDirectory(_temp.Path);
        string file = Path.Combine(_temp.Path, "quickstart-two-methods.yaml");
        File.WriteAllText(file, text);
        string output = Path.Combine(_temp.Path, "run");
        var (code, _, error) = Run("run", file, "--out", output, "--plain", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);

        var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "results.json")))!["cells"]!.AsArray()
            .ToDictionary(c => (string)c!["method"]!, c => c!);
        Assert.Equal(["zero-shot", "lora"], cells.Keys);
        foreach (var (method, cell) in cells)
        {
            var records = cell["user_records"]!.AsArray();
            Assert.Equal(16, records.Count);
            Assert.All(records, r => Assert.InRange((int)r!["test_examples"]!, 18, 24));
            var accuracies = records.Select(r => (double)r!["accuracy"]!).ToList();
            int distinct = accuracies.Distinct().Count();
            Assert.True(distinct >= 5, $"{method}: only {distinct} distinct per-user accuracies: {string.Join(", ", accuracies)}");
        }
        double zeroHigh = (double)cells["zero-shot"]["ci_high"]!, loraLow = (double)cells["lora"]["ci_low"]!, loraHigh = (double)cells["lora"]["ci_high"]!;
        Assert.True(loraLow > zeroHigh, $"lora's interval [{loraLow:P1}, {loraHigh:P1}] overlaps zero-shot's (up to {zeroHigh:P1})");
        Assert.True(loraHigh - loraLow < 0.2, $"lora's interval [{loraLow:P1}, {loraHigh:P1}] is too wide to tell methods apart");
    }
}
