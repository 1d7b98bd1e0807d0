using System.Globalization;
using PeftU.Abstractions.Backbone;
using PeftU.Core.Backbone;
using PeftU.Core.Inference;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Benchmarks;

/// <summary>A flan-t5-base-sized T5 with random weights: forward+backward (frozen weights, activation gradients, as
/// under PEFT) at 8×128 and 64×128 tokens in fp32 and bf16, as GFLOP/s and as a ratio to a plain GEMM of the same dtype
/// measured in this run; then label scoring vs 128-token greedy generation for the same batch.</summary>
internal static class BackboneBenchmark
{
    private const long EncoderLength = 128;
    private const long DecoderLength = 8; // a PEFT-U label and EOS fit in 8 tokens

    public static void Run(bool quick)
    {
        var config = T5Config.Load(Path.Combine(AppContext.BaseDirectory, "flan-t5-base.config.json"));
        int repeats = quick ? 1 : 3;
        var gemm = new Dictionary<ScalarType, double>
        {
            [ScalarType.Float32] = DtypeProbe.Gflops(ScalarType.Float32, 1024, 768, 2048, repeats: 10),
            [ScalarType.BFloat16] = DtypeProbe.Gflops(ScalarType.BFloat16, 1024, 768, 2048, repeats: 10),
        };
        double fastestGemm = gemm.Values.Max();
        Console.WriteLine(F($"GEMM 1024x768 @ 768x2048: fp32 {gemm[ScalarType.Float32]:F0} GFLOP/s, bf16 {gemm[ScalarType.BFloat16]:F0} GFLOP/s"));
        var auto = DtypeProbe.Resolve(BackboneDtype.Auto, CPU);
        Console.WriteLine($"dtype auto → {auto.Name} ({auto.Reason})");
        Console.WriteLine();
        Console.WriteLine("forward+backward, frozen weights, grads w.r.t. activations (encoder 128 tokens, decoder 8):");
        Console.WriteLine("dtype  batch   seconds   GFLOP/s   vs same-dtype GEMM   vs faster GEMM");

        var autoRates = new Dictionary<long, double>();
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.BFloat16 })
        {
            if (gemm[dtype] < fastestGemm / 8)
            {
                // No native kernel for this dtype on this CPU (bf16 without avx512_bf16): a 64x128 step would take hours.
                Console.WriteLine(F($"{Name(dtype),-5}  skipped: its GEMM runs at {gemm[dtype] / fastestGemm:P1} of the faster one, and auto does not pick it"));
                continue;
            }
            using var model = RandomModel(config, dtype);
            foreach (long batch in quick ? new long[] { 8 } : [8, 64])
            {
                double seconds = Timing.BestSeconds(repeats, () => ForwardBackward(model, batch));
                double rate = T5Flops.ForwardBackwardFrozen(config.ToDims(), batch, EncoderLength, DecoderLength) / seconds / 1e9;
                if (dtype == auto.Dtype)
                    autoRates[batch] = rate;
                Console.WriteLine(F($"{Name(dtype),-5}  {batch,5}  {seconds,8:F2}  {rate,8:F0}   {rate / gemm[dtype],18:P0}   {rate / fastestGemm,14:P0}"));
            }
            if (dtype == auto.Dtype)
                ScoringVersusGeneration(model, batch: 8);
        }
        long largest = autoRates.Keys.Max();
        Console.WriteLine(F($"auto ({auto.Name}) at {largest}x128: {autoRates[largest] / fastestGemm:P0} of the faster GEMM rate (target ≥ 50%)"));
    }

    internal static void ForwardBackward(T5Model model, long batch)
    {
        using var scope = NewDisposeScope();
        var ids = randint(2, model.Config.VocabSize, [batch, EncoderLength], dtype: ScalarType.Int64);
        var mask = ones_like(ids);
        // The trainer's loss (BankTrainer): teacher-forced targets, the head and log-softmax at target tokens only.
        var random = new Random((int)batch);
        var labels = Enumerable.Range(0, (int)batch)
            .Select(_ => Enumerable.Range(0, (int)DecoderLength).Select(_ => random.Next(2, model.Config.VocabSize)).ToArray()).ToList();
        var targets = new TargetTokens(labels, model.Config.DecoderStartTokenId, model.Device);
        var hidden = model.ForwardHidden(ids, mask, targets.DecoderInput);
        targets.RowLogProbs(model, hidden).sum().neg().backward();
    }

    private static void ScoringVersusGeneration(T5Model model, long batch)
    {
        using var scope = NewDisposeScope();
        var ids = randint(2, model.Config.VocabSize, [batch, EncoderLength], dtype: ScalarType.Int64);
        var mask = ones_like(ids);
        int[][] labels = [[7559, 15, 1329, 1], [5388, 18, 547, 15, 1329, 1]];
        double scoring = Timing.BestSeconds(3, () => LabelScorer.Score(model, ids, mask, labels));
        int steps = 0;
        double generation = Timing.BestSeconds(1, () => steps = GreedyGenerator.Generate(model, ids, mask, 128, stopAtEos: false)[0].Length);
        Console.WriteLine(F($"  {Name(model.Dtype)} batch {batch}: label scoring (2 labels) {scoring:F2} s, greedy generation ({steps} tokens) {generation:F2} s → scoring {generation / scoring:F1}× faster (target ≥ 5×)"));
    }

    /// <summary>Random flan-t5-base weights plus one trainable fp32 vector on every q output, so backward runs through
    /// every layer into activations while the backbone itself stays frozen (what a PEFT method does).</summary>
    internal static T5Model RandomModel(T5Config config, ScalarType dtype)
    {
        var model = new T5Model(config);
        T5Initializer.Initialize(model, seed: 1);
        model.to(dtype);
        model.train();
        var delta = new Parameter(zeros(config.Inner));
        foreach (var site in model.Hooks.Linears.Where(l => l.Module == "q"))
            model.Hooks.AddLinearOutput(site, (_, _, output, context) => output + delta.to(context.ComputeDtype));
        return model;
    }

    private static string Name(ScalarType dtype) => dtype == ScalarType.BFloat16 ? "bf16" : "fp32";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
