using System.Globalization;
using PeftU.Abstractions;
using PeftU.Core.Backbone;
using PeftU.Core.Training;
using static TorchSharp.torch;

namespace PeftU.Benchmarks;

/// <summary>What each user of a bank costs in memory: peak resident memory of a fresh process that trains one epoch of
/// a bank of U users (LoRA r 8 on q,v; prompt tuning, 20 virtual tokens) on a flan-t5-base-sized random backbone
/// (fp32, frozen), for U = 1, 16, 64, 256. Every bank step runs in passes of at most 64 rows, so from 64 users on the
/// activations stop growing and the difference between two peaks is the users' own state: the bytes per extra user,
/// set against the user's parameter bytes (weights, gradient, two AdamW moments and the best-epoch copy make 5×;
/// target ≤ 6×, and no backbone-sized allocation per user).</summary>
internal static class MemoryBenchmark
{
    private const int InputTokens = 8;

    public static void Run(bool quick)
    {
        int[] counts = quick ? [1, 16, 64] : [1, 16, 64, 256];
        Console.WriteLine("peak resident memory of one epoch of a bank (fresh process each; flan-t5-base-sized random backbone, fp32)");
        foreach (string method in new[] { "lora", "prompt-tuning" })
        {
            var peaks = new Dictionary<int, (long Peak, long Base, long Params)>();
            foreach (int users in counts)
            {
                var (peak, baseline, parameters) = Child(method, users);
                peaks[users] = (peak, baseline, parameters);
                Console.WriteLine(F($"  {method,-13} {users,4} users: peak {Mib(peak),8:F0} MiB, backbone alone {Mib(baseline),8:F0} MiB, bank peak over it {Mib(peak - baseline),7:F0} MiB"));
            }
            long perUserParams = peaks[counts[0]].Params;
            for (int i = 1; i < counts.Length; i++)
            {
                int from = counts[i - 1], to = counts[i];
                double perUser = (peaks[to].Peak - peaks[from].Peak) / (double)(to - from);
                Console.WriteLine(F($"  {method,-13} {from}→{to} users: {perUser / 1e6:F2} MB per extra user = {perUser / (perUserParams * 4.0):F2}× its parameter bytes ({perUserParams:N0} params, {perUserParams * 4 / 1e6:F2} MB){(from >= 64 ? " (target ≤ 6×)" : " (activations still growing)")}"));
            }
        }
    }

    /// <summary>In a fresh process: the bank trained one epoch; prints "peak baseline paramsPerUser" in bytes.</summary>
    public static void Once(string id, int users)
    {
        var config = T5Config.Load(Path.Combine(AppContext.BaseDirectory, "flan-t5-base.config.json"));
        using var model = new T5Model(config);
        T5Initializer.Initialize(model, seed: 1);
        foreach (var p in model.parameters())
            p.requires_grad = false;
        long baseline = Resident("VmRSS");
        IPeftMethod method = id == "lora" ? new Methods.Lora.Lora() : new Methods.PromptTuning.PromptTuning();
        method.Configure(id == "lora" ? new Dictionary<string, object?> { ["r"] = 8, ["target_modules"] = "q,v" } : new Dictionary<string, object?> { ["num_virtual_tokens"] = 20 });
        using var bank = method.Attach(model.Hooks, users, seed: 1);
        long parameters = bank.Tensors.Sum(t => t.Bank.numel()) / users;
        var random = new Random(7);
        int[] Tokens(int n) => [.. Enumerable.Range(0, n - 1).Select(_ => random.Next(3, 32000)), 1];
        var examples = Enumerable.Range(0, users).Select(u => new UserExamples($"u{u}",
            [new TrainingExample(Tokens(InputTokens), Tokens(3)), new TrainingExample(Tokens(InputTokens), Tokens(3))],
            [new TrainingExample(Tokens(InputTokens), Tokens(3))])).ToList();
        BankTrainer.Train(model, bank, examples, new TrainingSettings(Epochs: 1, Lr: 1e-3, WeightDecay: 0.01, Batch: 2, WarmupRatio: 0, Seed: 1, Dropout: false, MaxRows: 64));
        Console.WriteLine(F($"{Resident("VmHWM")} {baseline} {parameters}"));
    }

    private static (long Peak, long Baseline, long Params) Child(string method, int users)
    {
        var parts = ChildRun.LastLine("memory-once", method, users.ToString(CultureInfo.InvariantCulture))
            .Split(' ').Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return (parts[0], parts[1], parts[2]);
    }

    /// <summary>A /proc/self/status field in bytes (VmRSS now, VmHWM the peak).</summary>
    private static long Resident(string field)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private static double Mib(long bytes) => bytes / (1024.0 * 1024.0);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
