using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>Resolves <see cref="BackboneDtype.Auto"/>: CPUs differ by 20× in bf16 GEMM speed relative to fp32 (4–5× faster
/// with avx512_bf16/AMX, ~4× slower without), so the choice is measured, never assumed.</summary>
public static class DtypeProbe
{
    /// <summary>bf16 must beat fp32 by this factor to be picked (bf16 costs precision, so a tie goes to fp32).</summary>
    public const double Bf16Margin = 1.2;

    private static readonly Lazy<(double Fp32, double Bf16)> CpuRates = new(MeasureCpu);

    public static DtypeChoice Resolve(BackboneDtype requested, Device device) => requested switch
    {
        BackboneDtype.Fp32 => new(ScalarType.Float32, "fp32 requested"),
        BackboneDtype.Bf16 => new(ScalarType.BFloat16, "bf16 requested"),
        _ when device.type == DeviceType.CUDA => new(ScalarType.BFloat16, "auto: CUDA device, bf16 tensor cores"),
        _ => ResolveCpu(),
    };

    private static DtypeChoice ResolveCpu()
    {
        var (fp32, bf16) = CpuRates.Value;
        string rates = $"GEMM probe fp32 {fp32:F0} GFLOP/s, bf16 {bf16:F0} GFLOP/s";
        return bf16 >= fp32 * Bf16Margin
            ? new(ScalarType.BFloat16, $"auto: {rates} → bf16")
            : new(ScalarType.Float32, $"auto: {rates} → fp32");
    }

    /// <summary>GFLOP/s of a base-model-shaped GEMM (512×768 @ 768×2048) in fp32 and bf16, best of a few runs.</summary>
    public static (double Fp32, double Bf16) MeasureCpu() => (Gflops(ScalarType.Float32), Gflops(ScalarType.BFloat16));

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
