using PeftU.Core.Backbone;
using PeftU.Core.Inference;
using static TorchSharp.torch;

namespace PeftU.Core.Tests.Backbone;

/// <summary>The bf16 compute path (no reference numbers exist for it) against this project's fp32 path.
/// Documented tolerance: bf16 keeps 8 mantissa bits (relative step 2^-8 ≈ 0.4%). Measured on tiny-flan: encoder state
/// max abs difference 0.067 (values of unit scale), summed label log-probs (≈ −43 to −65 nats) within 1e-4 relative.
/// Limits: 0.1 abs on the encoder state, 0.5% relative on label log-probs. RMS norm and softmax run in fp32 in both.</summary>
public sealed class Bf16ComputeTests
{
    public const double EncoderAbsTolerance = 0.1;
    public const double LabelRelativeTolerance = 0.005;

    [Fact]
    public void Bf16_backbone_stays_within_the_documented_tolerance_of_fp32()
    {
        using var fp32 = TinyFlan.Load(BackboneDtype.Fp32);
        using var bf16 = TinyFlan.Load(BackboneDtype.Bf16);
        Assert.Equal(ScalarType.BFloat16, bf16.Model.Dtype);
        Assert.Equal("bf16", bf16.Dtype.Name);
        var (ids, mask) = TinyFlan.Prompts();

        using (no_grad())
        {
            var reference = fp32.Model.Encode(ids, mask).Hidden;
            var low = bf16.Model.Encode(ids, mask).Hidden;
            Assert.Equal(ScalarType.BFloat16, low.dtype);
            double worst = (low.to(ScalarType.Float32) - reference).abs().max().item<float>();
            Assert.True(worst <= EncoderAbsTolerance, $"encoder max abs difference {worst}");
        }

        int[][] labels = [[7559, 15, 1329, 1], [5388, 18, 547, 15, 1329, 1]];
        var expected = LabelScorer.Score(fp32.Model, ids, mask, labels);
        var actual = LabelScorer.Score(bf16.Model, ids, mask, labels);
        for (int r = 0; r < 2; r++)
        {
            for (int l = 0; l < 2; l++)
            {
                double relative = Math.Abs(actual.Sum[r, l] - expected.Sum[r, l]) / Math.Abs(expected.Sum[r, l]);
                Assert.True(relative <= LabelRelativeTolerance, $"row {r} label {l}: {actual.Sum[r, l]} vs {expected.Sum[r, l]}");
            }
        }
    }

    [Fact]
    public void Logits_come_back_fp32_from_a_bf16_backbone()
    {
        using var bf16 = TinyFlan.Load(BackboneDtype.Bf16);
        var (ids, mask) = TinyFlan.Prompts();
        using var noGrad = no_grad();
        Assert.Equal(ScalarType.Float32, bf16.Model.Forward(ids, mask, TinyFlan.DecoderIds()).dtype);
    }

    [Fact]
    public void Auto_dtype_reports_the_measured_rates_behind_its_choice()
    {
        TorchRuntime.Initialize();
        var choice = DtypeProbe.Resolve(BackboneDtype.Auto, CPU);
        Assert.Contains("GFLOP/s", choice.Reason);
        Assert.EndsWith("→ " + choice.Name, choice.Reason);
    }

    [Fact]
    public void Auto_dtype_times_the_models_own_step_shapes()
    {
        TorchRuntime.Initialize();
        var config = T5Config.Load(Path.Combine(TinyFlan.Dir, "config.json"));
        var choice = DtypeProbe.Resolve(BackboneDtype.Auto, CPU, config.ToDims());
        Assert.Contains($"at 1024×{config.DModel}×{config.DFf})", choice.Reason);
        Assert.Contains("at 1024×768×2048)", DtypeProbe.Resolve(BackboneDtype.Auto, CPU).Reason);
    }

    /// <summary>The screening branch, forced both ways (which way a CPU goes depends on its bf16 kernels: AVX2 alone runs
    /// bf16 at 0.02× fp32, benchmarks/README.md): screened, one small GEMM decides and says so; not, every step shape is
    /// timed.</summary>
    [Fact]
    public void A_cpu_without_native_bf16_is_settled_by_one_small_gemm()
    {
        TorchRuntime.Initialize();
        var screened = DtypeProbe.MeasureCpu(noNativeBf16: double.PositiveInfinity);
        Assert.True(screened.Screened);
        Assert.Equal(1, screened.ShapeCount);
        Assert.Equal((128L, 768L, 768L), screened.FirstShape);
        Assert.StartsWith("GEMM probe: no native bf16 kernel, bf16 ", screened.ToString());
        Assert.Contains("at 128×768×768)", screened.ToString());

        // Small shapes: on a CPU without native bf16 the full probe over flan-t5-base's shapes takes a minute.
        (long, long, long)[] shapes = [(64, 64, 128), (64, 128, 64)];
        var full = DtypeProbe.MeasureCpu(shapes, noNativeBf16: 0);
        Assert.False(full.Screened);
        Assert.Equal(2, full.ShapeCount);
        Assert.StartsWith("GEMM probe, median over 2 step shapes", full.ToString());
        Assert.Contains("at 64×64×128)", full.ToString());
    }
}
