using PeftU.Abstractions.Backbone;
using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>Resolves <see cref="BackboneDtype.Auto"/>: CPUs differ by orders of magnitude in bf16 GEMM speed relative to
/// fp32 (2–5× faster with avx512_bf16/AMX, ~4× slower with avx512 but no bf16 instructions, ~100× slower with AVX2
/// alone), so the choice is measured, never assumed. One timed GEMM after one
/// warm-up call proved noisy (bf16 280 GFLOP/s in one call, 590 in a benchmark on the same CPU: AMX and oneDNN set up
/// lazily, other processes steal cycles), so the probe warms each dtype up for a while, times the two dtypes
/// interleaved (drift hits both alike), takes medians, and decides on the median bf16/fp32 ratio over the GEMM shapes
/// of the model's own training step (a tiny model's small GEMMs gain nothing from bf16 where flan-t5-base's do).</summary>
public static class DtypeProbe
{
    /// <summary>bf16 must beat fp32 by this factor to be picked (bf16 costs precision, so a tie goes to fp32).</summary>
    public const double Bf16Margin = 1.2;

    /// <summary>The step shapes of flan-t5-base (<see cref="StepShapes"/>), where no model is at hand.</summary>
    public static readonly (long M, long K, long N)[] Shapes = StepShapes(dModel: 768, inner: 768, dFf: 2048);

    /// <summary>(rows, in, out) of a training step's GEMMs at 8 rows × 128 tokens: the feed-forward's two (d_model→d_ff,
    /// d_ff→d_model), the attention projections (d_model→inner), and a short batch (512 rows).</summary>
    public static (long M, long K, long N)[] StepShapes(long dModel, long inner, long dFf) =>
        [(1024, dModel, dFf), (1024, dFf, dModel), (1024, dModel, inner), (512, dModel, dFf)];

    private const int Repeats = 5;

    /// <summary>The screening GEMM (0.15 GFLOP: 0.15 s without native bf16, well under a millisecond with it), and the
    /// bf16/fp32 ratio under which bf16 has no native kernel (measured with AVX2 alone: 0.02 at this shape, 0.006 at
    /// 1024×768×2048; 2–4 with avx512_bf16 or AMX).</summary>
    private static readonly (long M, long K, long N) Screen = (128, 768, 768);
    private const double NoNativeBf16 = 0.25;
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(60);

    // Once per process and shape set: every run of a process sees the same choice for the same model.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<ProbeResult>> CpuProbes = new();

    /// <summary>The dtype for <paramref name="requested"/> on <paramref name="device"/>, with the reason the run manifest
    /// records.</summary>
    /// <param name="requested">fp32, bf16, or auto (measured on a CPU, bf16 on CUDA).</param>
    /// <param name="device">Where the model runs.</param>
    /// <param name="dims">The model whose step shapes the probe times; flan-t5-base's when null.</param>
    public static DtypeChoice Resolve(BackboneDtype requested, Device device, BackboneDims? dims = null) => requested switch
    {
        BackboneDtype.Fp32 => new(ScalarType.Float32, "fp32 requested"),
        BackboneDtype.Bf16 => new(ScalarType.BFloat16, "bf16 requested"),
        _ when device.type == DeviceType.CUDA => new(ScalarType.BFloat16, "auto: CUDA device, bf16 tensor cores"),
        _ => ResolveCpu(dims is null ? Shapes : StepShapes(dims.DModel, dims.Inner, dims.DFf)),
    };

    private static DtypeChoice ResolveCpu((long M, long K, long N)[] shapes)
    {
        string key = string.Join(";", shapes);
        var probe = CpuProbes.GetOrAdd(key, _ => new Lazy<ProbeResult>(() => MeasureCpu(shapes))).Value;
        return probe.Ratio >= Bf16Margin
            ? new(ScalarType.BFloat16, $"auto: {probe} → bf16")
            : new(ScalarType.Float32, $"auto: {probe} → fp32");
    }

    /// <summary>The median bf16/fp32 speed ratio over <paramref name="shapes"/> (<see cref="Shapes"/> when null), each
    /// shape timed <see cref="Repeats"/> times per dtype, interleaved, after a warm-up; or, when a first small GEMM
    /// shows bf16 under <paramref name="noNativeBf16"/>× fp32, that GEMM's ratio alone (<see cref="ProbeResult.Screened"/>).</summary>
    public static ProbeResult MeasureCpu((long M, long K, long N)[]? shapes = null, double noNativeBf16 = NoNativeBf16)
    {
        shapes ??= Shapes;
        // A CPU without native bf16 runs it ~100× slower than fp32 (AVX2 only: 1 against 155 GFLOP/s): the full probe
        // would take minutes of bf16 GEMMs there. One small GEMM, still large against per-call overhead, settles that case.
        var screen = Interleaved(Screen.M, Screen.K, Screen.N);
        if (screen.Bf16 / screen.Fp32 < noNativeBf16)
            return new ProbeResult(screen.Bf16 / screen.Fp32, screen.Fp32, screen.Bf16, 1, Screen, Screened: true);
        var rates = shapes.Select(shape => Interleaved(shape.M, shape.K, shape.N)).ToList();
        var ratios = rates.Select(r => r.Bf16 / r.Fp32).Order().ToList();
        double median = ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[ratios.Count / 2 - 1] + ratios[ratios.Count / 2]) / 2;
        return new ProbeResult(median, rates[0].Fp32, rates[0].Bf16, shapes.Length, shapes[0]);
    }

    /// <summary>Median GFLOP/s of one shape in fp32 and bf16, timed alternately.</summary>
    private static (double Fp32, double Bf16) Interleaved(long m, long k, long n)
    {
        using var scope = NewDisposeScope();
        var a32 = randn(m, k);
        var b32 = randn(k, n);
        var a16 = a32.to(ScalarType.BFloat16);
        var b16 = b32.to(ScalarType.BFloat16);
        foreach (var (a, b) in new[] { (a32, b32), (a16, b16) })
        {
            var warm = Stopwatch.StartNew();
            for (int i = 0; i < 3 || warm.Elapsed < WarmUp; i++)
                matmul(a, b).Dispose();
        }
        var fp32 = new double[Repeats];
        var bf16 = new double[Repeats];
        for (int i = 0; i < Repeats; i++)
        {
            fp32[i] = Time(a32, b32);
            bf16[i] = Time(a16, b16);
        }
        double flops = 2.0 * m * k * n / 1e9;
        return (flops / Median(fp32), flops / Median(bf16));
    }

    private static double Time(Tensor a, Tensor b)
    {
        var watch = Stopwatch.StartNew();
        matmul(a, b).Dispose();
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>GFLOP/s of one GEMM shape in one dtype, best of a few runs after one warm-up call (plan estimates and
    /// benchmarks; the dtype decision uses <see cref="MeasureCpu"/>).</summary>
    public static double Gflops(ScalarType dtype, long m = 512, long k = 768, long n = 2048, int repeats = 5, Device? device = null)
    {
        using var scope = NewDisposeScope();
        var a = randn(m, k, device: device).to(dtype);
        var b = randn(k, n, device: device).to(dtype);
        matmul(a, b).Dispose(); // warm-up: first call pays one-time kernel set-up
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            using (var c = matmul(a, b))
            {
                if (c.device.type == DeviceType.CUDA)
                    cuda.synchronize();
            }
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return 2.0 * m * k * n / best / 1e9;
    }
}

/// <summary>What the CPU dtype probe measured: the median bf16/fp32 speed ratio over the step's GEMM shapes, and the
/// rates at the first shape, as the run manifest's dtype reason states them; <c>Screened</c> when a first small GEMM
/// already showed no native bf16 kernel (the step shapes are then not timed).</summary>
public readonly record struct ProbeResult(double Ratio, double Fp32Gflops, double Bf16Gflops, int ShapeCount, (long M, long K, long N) FirstShape,
    bool Screened = false)
{
    public override string ToString() => Screened
        ? string.Create(CultureInfo.InvariantCulture,
            $"GEMM probe: no native bf16 kernel, bf16 {Ratio:0.00}× fp32 (fp32 {Fp32Gflops:F0}, bf16 {Bf16Gflops:F1} GFLOP/s at {FirstShape.M}×{FirstShape.K}×{FirstShape.N})")
        : string.Create(CultureInfo.InvariantCulture,
            $"GEMM probe, median over {ShapeCount} step shapes: bf16 {Ratio:0.00}× fp32 (fp32 {Fp32Gflops:F0}, bf16 {Bf16Gflops:F0} GFLOP/s at {FirstShape.M}×{FirstShape.K}×{FirstShape.N})");
}
