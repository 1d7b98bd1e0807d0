using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using PeftU.Abstractions;
using PeftU.Core.Adapters;
using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Experiments;
using PeftU.Core.Tokenization;
using PeftU.Host.Plugins;
using PeftU.Serving;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Benchmarks;

/// <summary><c>peftu serve</c> under load: C concurrent clients on loopback, each a different user, each sending its
/// next request when the last is answered, for a bounded time; dynamic batching (max-batch 64, max-wait 5 ms) against
/// max-batch 1 in the same run, for 64 users' LoRA (r 8 on q, v) and IA3 modules (random values, saved and loaded as
/// real files) on the bundled tiny backbone and on a flan-t5-base-sized random backbone. Then what each extra loaded
/// user costs in memory.</summary>
internal static class ServeBenchmark
{
    private const int Users = 64;
    private const int Clients = 32;

    private static readonly string[] Texts =
    [
        "I keep thinking about the film for hours", "we finally saw the soup this week", "everyone talks about the tennis last night",
        "the train was late again and nobody said why", "my neighbour brought us a cake this morning", "the match ended in a draw after extra time",
    ];

    public static int Run(bool quick)
    {
        var catalog = PluginCatalogLoader.Load([ExperimentBenchmark.PluginsFolder]);
        IPeftPlugin Plugin(PluginKind kind, string id, Dictionary<string, object?> options)
        {
            var plugin = catalog.Find(kind, id).Create();
            plugin.Configure(options);
            return plugin;
        }
        string tinyFolder = Path.Combine(ExperimentPaths.BundledRoot, "peftu-tiny");
        var tokenizer = T5Tokenizer.FromFolder(tinyFolder);
        Console.WriteLine($"{Clients} clients, each a different user of {Users}; each client sends its next request when answered; max-wait 5 ms");
        Console.WriteLine("backbone            dtype  method  max-batch  seconds  requests  req/s   p50 ms   p99 ms  mean batch");
        var summary = new List<string>();
        foreach (var (name, seconds) in new[] { ("peftu-tiny", quick ? 3.0 : 6.0), ("flan-t5-base-size", quick ? 8.0 : 20.0) })
        {
            using var model = name == "peftu-tiny" ? T5CheckpointLoader.Load(tinyFolder, BackboneDtype.Fp32).Model : RandomBase();
            foreach (string methodId in new[] { "lora", "ia3" })
            {
                var options = methodId == "lora" ? new Dictionary<string, object?> { ["r"] = "8", ["target_modules"] = "q,v" } : [];
                var method = (IPeftMethod)Plugin(PluginKind.Method, methodId, options);
                var task = (IPeftTask)Plugin(PluginKind.Task, "synthetic", new Dictionary<string, object?> { ["labels"] = "3" });
                string folder = Path.Combine(Path.GetTempPath(), $"peftu-serve-bench-{Guid.NewGuid():N}");
                try
                {
                    string memory = MemoryPerUser(name, method, model);
                    SaveRandomModules(folder, method, model);
                    var info = new ServingCell("synthetic", task.GetOptionValues(), methodId, methodId, method.GetOptionValues(), task.Definition.Labels,
                        true, "score", 16, 0, 0, 512, true);
                    var results = new Dictionary<int, Load>();
                    foreach (int maxBatch in new[] { 64, 1 })
                    {
                        var bank = new SlotBank(method, model.Hooks, Users, seed: 0);
                        for (int u = 0; u < Users; u++)
                            bank.Put(UserId(u), Path.Combine(folder, UserId(u)));
                        var cell = new ServedCell(info, task, bank);
                        using var engine = new ServingEngine(model, tokenizer, [cell], maxBatch, TimeSpan.FromMilliseconds(5), ExperimentRunner.RowsPerPass(model.Config));
                        var load = Drive(engine, methodId, seconds);
                        results[maxBatch] = load;
                        Console.WriteLine(F($"{name,-19} {Dtype(model),-5}  {methodId,-6}  {maxBatch,9}  {load.Seconds,7:F1}  {load.Requests,8}  {load.PerSecond,6:F1}  {load.P50 * 1000,7:F0}  {load.P99 * 1000,7:F0}  {load.MeanBatch,10:F1}"));
                    }
                    var (batched, single) = (results[64], results[1]);
                    summary.Add(F($"{name} {methodId}: dynamic batching {batched.PerSecond / single.PerSecond:F1}× the requests/s of max-batch 1 (target ≥ 5×); ") + F(
                                  $"batched p99 {batched.P99 * 1000:F0} ms vs unbatched p50 {single.P50 * 1000:F0} ms ({(batched.P99 <= single.P50 ? "met" : "not met")}: p99 ≤ p50)"));
                    summary.Add(memory);
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
        Console.WriteLine();
        foreach (string line in summary)
            Console.WriteLine(line);
        return 0;
    }

    private sealed record Load(double Seconds, int Requests, double PerSecond, double P50, double P99, double MeanBatch);

    /// <summary>Clients loop until the time is up (or 20,000 requests); latencies are from send to answer.</summary>
    private static Load Drive(ServingEngine engine, string method, double seconds)
    {
        var settings = new ServeSettings { Port = 0, MaxBatch = 64, MaxWaitMs = 5 };
        var app = ServeApp.StartAsync(engine, settings).GetAwaiter().GetResult();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Url), Timeout = TimeSpan.FromMinutes(5) };
            // Warm-up: every client's first request, not timed.
            Task.WaitAll([.. Enumerable.Range(0, Clients).Select(c => Ask(client, c, method, 0))]);
            long passesBefore = engine.Metrics.Passes;
            double meanBefore = engine.Metrics.MeanBatch;
            var latencies = new List<double>[Clients];
            var clock = Stopwatch.StartNew();
            int total = 0;
            Task.WaitAll([.. Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                latencies[c] = [];
                for (int i = 1; clock.Elapsed.TotalSeconds < seconds && Interlocked.Increment(ref total) <= 20_000; i++)
                {
                    var sent = Stopwatch.GetTimestamp();
                    await Ask(client, c, method, i);
                    latencies[c].Add(Stopwatch.GetElapsedTime(sent).TotalSeconds);
                }
            }))]);
            double elapsed = clock.Elapsed.TotalSeconds;
            var all = latencies.SelectMany(l => l).Order().ToList();
            long passes = engine.Metrics.Passes - passesBefore;
            double rows = engine.Metrics.MeanBatch * engine.Metrics.Passes - meanBefore * passesBefore;
            return new Load(elapsed, all.Count, all.Count / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), passes == 0 ? 0 : rows / passes);
        }
        finally
        {
            app.StopAsync().GetAwaiter().GetResult();
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static async Task Ask(HttpClient client, int c, string method, int i)
    {
        using var response = await client.PostAsJsonAsync("/v1/predict", new { user = UserId(c), text = Texts[(c + i) % Texts.Length], method });
        response.EnsureSuccessStatusCode();
    }

    private static double Percentile(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    /// <summary>What each loaded user costs: its slot's share of the bank tensors (fp32), against its parameter count.
    /// (A resident-memory probe was tried and dropped: freed native memory is reused, so it read from −0.04× to 1.7×.)</summary>
    private static string MemoryPerUser(string name, IPeftMethod method, T5Model model)
    {
        using var bank = new SlotBank(method, model.Hooks, Users, seed: 0);
        return F($"{name} {method.Descriptor.Id}: {bank.ParametersPerUser:N0} parameters per user → {bank.BytesPerUser:N0} bytes per loaded user ") +
               F($"({(double)bank.BytesPerUser / bank.ParametersPerUser:F1} bytes per parameter; {Users} users {Users * bank.BytesPerUser / 1048576.0:F1} MiB)");
    }

    /// <summary>64 users' modules with random values (LoRA's B is zero at init, which would make every user the
    /// backbone), saved as real <c>adapter_model.safetensors</c> files.</summary>
    private static void SaveRandomModules(string folder, IPeftMethod method, T5Model model)
    {
        using var bank = method.Attach(model.Hooks, Users, seed: 1);
        using (no_grad())
        {
            manual_seed(7);
            foreach (var tensor in bank.Tensors)
                tensor.Bank.add_(randn_like(tensor.Bank) * 0.05);
        }
        AdapterStore.SaveBank(folder, method, bank, [.. Enumerable.Range(0, Users).Select(UserId)]);
    }

    private static string UserId(int u) => $"user{u:D4}";

    /// <summary>flan-t5-base's shapes with random weights, in the dtype <c>auto</c> picks here.</summary>
    private static T5Model RandomBase()
    {
        var config = T5Config.Load(Path.Combine(AppContext.BaseDirectory, "flan-t5-base.config.json"));
        var model = new T5Model(config);
        T5Initializer.Initialize(model, seed: 1);
        var dtype = DtypeProbe.Resolve(BackboneDtype.Auto, CPU);
        model.to(dtype.Dtype);
        model.eval();
        Console.WriteLine($"flan-t5-base-size: dtype auto → {dtype.Name} ({dtype.Reason})");
        return model;
    }

    private static string Dtype(T5Model model) => model.Dtype == ScalarType.BFloat16 ? "bf16" : "fp32";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
