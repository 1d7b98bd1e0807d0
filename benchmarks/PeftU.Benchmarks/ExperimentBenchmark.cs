using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using PeftU.Host.Cli;

namespace PeftU.Benchmarks;

/// <summary>Whole <c>peftu run</c>s of generated experiment files on the bundled tiny backbone and the synthetic task,
/// timed end to end (training, evaluation, records, reports) in this process, compared as users/hour and accuracy.
/// <list type="bullet">
/// <item><c>bank</c>: the same LoRA cell with all users in one bank vs bank_size 1 (dropout off, so both do the same
/// math and must reach the same accuracy).</item>
/// <item><c>protocol</c>: this project's protocol (banks, dynamic padding, label scoring, probed dtype) vs a faithful
/// re-run of the original's procedure (inputs padded to 512, users one by one, evaluation by greedy generation, fp32).</item>
/// </list></summary>
internal static class ExperimentBenchmark
{
    private sealed record Variant(string Name, string Dtype, int BankSize, string Mode, int PadTo, int MaxNewTokens = 8);

    public static int Run(string which, bool quick)
    {
        int users = quick ? 8 : 32;
        int epochs = quick ? 2 : 5;
        Variant[] variants = which == "bank"
            ? [new("bank of all users", "fp32", users, "score", 0), new("bank size 1", "fp32", 1, "score", 0)]
            // The original's LoRA is its peft path: generate(max_new_tokens=128) (experiments/peft-u/*.yaml cite the file).
            : [new("this project", "auto", users, "score", 0), new("faithful re-run", "fp32", 1, "generate", 512, MaxNewTokens: 128)];
        string root = Path.Combine(Path.GetTempPath(), "peftu-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            Console.WriteLine(F($"{which}: LoRA r 8 on the bundled peftu-tiny, synthetic task, {users} users × 60 texts, {epochs} epochs, batch 8"));
            Console.WriteLine("variant              seconds   train+test s   users/hour   mean user acc   micro acc");
            RunOne(root, variants[0] with { Name = "warm-up" }, users: 4, epochs: 1);  // JIT, plugin loading, first libtorch calls
            var results = new List<(double Seconds, double Accuracy)>();
            foreach (var v in variants)
            {
                var (seconds, cellSeconds, accuracy, micro) = RunOne(root, v, users, epochs);
                results.Add((seconds, accuracy));
                Console.WriteLine(F($"{v.Name,-20} {seconds,7:F1}   {cellSeconds,12:F1}   {users * 3600 / seconds,10:F0}   {accuracy,13:P1}   {micro,9:P1}"));
            }
            Console.WriteLine(F($"speed-up {results[1].Seconds / results[0].Seconds:F1}× (users/hour, first over second); accuracy difference {(results[0].Accuracy - results[1].Accuracy) * 100:+0.0;-0.0;0.0} points"));
            return 0;
        }
        finally
        {
            if (Directory.Exists(root))
                Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Whole-run seconds (start-up, data, training, test, records, reports) and the cell's own training + test
    /// seconds as its records count them.</summary>
    private static (double Seconds, double CellSeconds, double Accuracy, double Micro) RunOne(string root, Variant v, int users, int epochs)
    {
        string folder = Path.Combine(root, v.Name.Replace(' ', '-'));
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, "experiment.yaml");
        File.WriteAllText(file, F($"""
            backbone:
              path: bundled:peftu-tiny
              dtype: {v.Dtype}
            tasks:
              - id: synthetic
                options:
                  users: {users}
                  texts_per_user: 60
                  seed: 7
            methods: [lora]
            training:
              epochs: {epochs}
              lr: 0.003
              batch: 8
              bank_size: {v.BankSize}
              dropout: false
              pad_to: {v.PadTo}
            prompts:
              shots: 3         # the original's demo prompts (load_dataset_with_prompts), ~4x a bare query
            evaluation:
              mode: {v.Mode}
              max_new_tokens: {v.MaxNewTokens}
              pad_to: {v.PadTo}
            """));
        string output = Path.Combine(folder, "out");
        var log = new StringWriter();
        var watch = Stopwatch.StartNew();
        int code = PeftuCli.Run(["run", file, "--out", output, "--plain", "--plugins-dir", PluginsFolder], new CliContext(log, log, Environment.GetEnvironmentVariable));
        double seconds = watch.Elapsed.TotalSeconds;
        if (code != 0)
            throw new InvalidOperationException($"peftu run failed ({code}):\n{log}");
        var cell = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "results.json")))!["cells"]![0]!;
        return (seconds, (double)cell["seconds"]!, (double)cell["mean_user_accuracy"]!, (double)cell["micro_accuracy"]!);
    }

    /// <summary>The plugins the build staged (artifacts/plugins/&lt;Configuration&gt;), found from the repository root baked in.</summary>
    internal static string PluginsFolder
    {
        get
        {
            var meta = typeof(ExperimentBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
            return Path.Combine(meta["RepoRoot"]!, "artifacts", "plugins", meta["Configuration"]!);
        }
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
