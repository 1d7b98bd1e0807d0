using System.Globalization;
using PeftU.Abstractions.Backbone;
using PeftU.Core.Backbone;
using PeftU.Core.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Benchmarks;

/// <summary>Where one training step of a flan-t5-base-sized T5 spends its time (frozen weights, activation gradients,
/// dropout on, encoder 128 tokens, decoder 8, as <see cref="BackboneBenchmark"/>): each op family runs forward and
/// backward on its own, at the step's exact shapes, through the model's own code (norm, activation, attention core,
/// keyed dropout, loss), and is multiplied by how often the step runs it. The remainder of the measured step is what no
/// family covers: residual adds, the PEFT hook, head splits, op dispatch and the autograd engine's own work.</summary>
internal static class ProfileBenchmark
{
    private const long EncoderLength = 128;
    private const long DecoderLength = 8;

    /// <param name="quick">One timed repeat instead of two.</param>
    /// <param name="batches">Per dtype, the batch to profile (fp32 at 64×128 peaks at about 17.5 GB resident).</param>
    public static void Run(bool quick, IReadOnlyDictionary<ScalarType, long> batches)
    {
        var config = T5Config.Load(Path.Combine(AppContext.BaseDirectory, "flan-t5-base.config.json"));
        int repeats = quick ? 1 : 2;
        foreach (var (dtype, batch) in batches)
        {
            double gemm = DtypeProbe.Gflops(dtype, 1024, 768, 2048, repeats: 10);
            using var model = BackboneBenchmark.RandomModel(config, dtype);
            double step = Timing.BestSeconds(repeats, () => BackboneBenchmark.ForwardBackward(model, batch));
            double flops = T5Flops.ForwardBackwardFrozen(config.ToDims(), batch, EncoderLength, DecoderLength);
            Console.WriteLine(F($"{Name(dtype)} step {batch}x{EncoderLength} (decoder {DecoderLength}): {step:F2} s, {flops / step / 1e9:F0} GFLOP/s = {flops / step / 1e9 / gemm:P0} of this dtype's GEMM ({gemm:F0} GFLOP/s)"));
            Console.WriteLine("  family                                   calls     ms each   s in step   share");
            var families = Families(model, dtype, batch, repeats);
            foreach (var (name, calls, seconds) in families)
                Console.WriteLine(F($"  {name,-40} {calls,5}   {seconds * 1e3,9:F2}   {calls * seconds,9:F2}   {calls * seconds / step,5:P0}"));
            double covered = families.Sum(f => f.Calls * f.Seconds);
            Console.WriteLine(F($"  {"rest (adds, hook, splits, dispatch)",-40} {"",5}   {"",9}   {step - covered,9:F2}   {(step - covered) / step,5:P0}"));
            Console.WriteLine();
        }
    }

    /// <summary><c>profile [--bf16 N] [--fp32 N]</c>: the batch per dtype (64 each, 8 with --quick; 0 leaves a dtype out).</summary>
    public static Dictionary<ScalarType, long> Batches(string[] args, bool quick)
    {
        long Batch(string flag)
        {
            int i = Array.IndexOf(args, flag);
            return i >= 0 && i + 1 < args.Length ? long.Parse(args[i + 1], CultureInfo.InvariantCulture) : quick ? 8 : 64;
        }
        var batches = new Dictionary<ScalarType, long> { [ScalarType.BFloat16] = Batch("--bf16"), [ScalarType.Float32] = Batch("--fp32") };
        return batches.Where(b => b.Value > 0).ToDictionary();
    }

    private static List<(string Name, int Calls, double Seconds)> Families(T5Model model, ScalarType dtype, long batch, int repeats)
    {
        var c = model.Config;
        long encoderRows = batch * EncoderLength, decoderRows = batch * DecoderLength;
        int encoderLayers = c.NumLayers, decoderLayers = c.NumDecoderLayers;
        int ffIn = c.GatedFeedForward ? 2 : 1;
        var random = RowRandom.FromGlobalGenerator(batch, CPU);
        double Time(Func<Tensor[], Tensor> forward, params long[][] shapes) => FwdBwd(forward, dtype, repeats, shapes);
        double Linear(long rows, long input, long output)
        {
            using var weight = randn(output, input).mul(0.02).to(dtype);
            return Time(x => nn.functional.linear(x[0], weight), [rows, input]);
        }
        double Dropout(long[] shape) => Time(x => random.Dropout(x[0], c.DropoutRate, "profile"), shape);
        double Attention(long queries, long keys)
        {
            using var additive = zeros(batch, c.NumHeads, queries, keys, dtype: dtype);
            long[] q = [batch, c.NumHeads, queries, c.DKv], kv = [batch, c.NumHeads, keys, c.DKv];
            return Time(x => T5AttentionCore.Attend(x[0], x[1], x[2], additive, dropout: w => w), q, kv, kv);
        }
        var norm = new T5LayerNorm("profile", c.DModel, c.LayerNormEpsilon);
        norm.to(dtype);
        string activation = c.Activation;

        return
        [
            ("GEMM encoder q,k,v,o (+ cross k,v)", 4 * encoderLayers + 2 * decoderLayers, Linear(encoderRows, c.DModel, c.Inner)),
            ("GEMM encoder feed-forward in", ffIn * encoderLayers, Linear(encoderRows, c.DModel, c.DFf)),
            ("GEMM encoder feed-forward out", encoderLayers, Linear(encoderRows, c.DFf, c.DModel)),
            ("GEMM decoder projections and FF", 1, decoderLayers * (6 * Linear(decoderRows, c.DModel, c.Inner)
                + ffIn * Linear(decoderRows, c.DModel, c.DFf) + Linear(decoderRows, c.DFf, c.DModel))),
            ("attention core, encoder self", encoderLayers, Attention(EncoderLength, EncoderLength)),
            ("attention core, decoder self + cross", decoderLayers, Attention(DecoderLength, DecoderLength) + Attention(DecoderLength, EncoderLength)),
            ("RMS norm, encoder", 2 * encoderLayers + 1, Time(x => norm.Forward(x[0]), [batch, EncoderLength, c.DModel])),
            ("RMS norm, decoder", 3 * decoderLayers + 1, Time(x => norm.Forward(x[0]), [batch, DecoderLength, c.DModel])),
            ("FF activation (+ gate), encoder", encoderLayers, Time(x => c.GatedFeedForward ? T5Activation.Apply(activation, x[0]) * x[1] : T5Activation.Apply(activation, x[0]),
                [batch, EncoderLength, c.DFf], [batch, EncoderLength, c.DFf])),
            ("dropout, encoder attention weights", encoderLayers, Dropout([batch, c.NumHeads, EncoderLength, EncoderLength])),
            ("dropout, encoder FF hidden", encoderLayers, Dropout([batch, EncoderLength, c.DFf])),
            ("dropout, encoder hidden states", 2 * encoderLayers + 2, Dropout([batch, EncoderLength, c.DModel])),
            ("dropout, decoder (all 74 sites)", 1, decoderLayers * (Dropout([batch, c.NumHeads, DecoderLength, DecoderLength])
                + Dropout([batch, c.NumHeads, DecoderLength, EncoderLength]) + 3 * Dropout([batch, DecoderLength, c.DModel])
                + Dropout([batch, DecoderLength, c.DFf])) + 2 * Dropout([batch, DecoderLength, c.DModel])),
            ("LM head (32,128-way) and loss", 1, Loss(model, dtype, batch, repeats)),
        ];
    }

    /// <summary>The head and loss as the trainer takes them (<see cref="TargetLogProbs"/>): every decoder position a
    /// target, the head's GEMM, the fp32 log-softmax and gather a chunk at a time, and the backward that recomputes them.</summary>
    private static double Loss(T5Model model, ScalarType dtype, long batch, int repeats)
    {
        using var targets = randint(2, model.Config.VocabSize, [batch * DecoderLength], dtype: ScalarType.Int64);
        return FwdBwd(x => TargetLogProbs.Of(model, x[0], targets), dtype, repeats, [batch * DecoderLength, model.Config.DModel]);
    }

    /// <summary>Best forward + backward time of <paramref name="forward"/> over inputs of the given shapes that require
    /// grad, with a random upstream gradient. The gradients are returned, not accumulated into the inputs, so the timing
    /// holds no work the step does not do.</summary>
    private static double FwdBwd(Func<Tensor[], Tensor> forward, ScalarType dtype, int repeats, params long[][] shapes)
    {
        var inputs = shapes.Select(s => randn(s).to(dtype).requires_grad_()).ToArray();
        Tensor? upstream = null;
        double seconds = Timing.BestSeconds(repeats, () =>
        {
            using var scope = NewDisposeScope();
            var y = forward(inputs);
            upstream ??= randn_like(y, dtype: y.dtype).DetachFromDisposeScope();
            autograd.grad([y], inputs, [upstream]);
        });
        foreach (var x in inputs)
            x.Dispose();
        upstream?.Dispose();
        return seconds;
    }

    private static string Name(ScalarType dtype) => dtype == ScalarType.BFloat16 ? "bf16" : "fp32";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
