using PeftU.Abstractions.Backbone;
using PeftU.Core.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Tests.Backbone;

/// <summary>The RMS norm's own backward (a frozen weight) against plain autograd through HF's formula, with a loaded
/// (non-unit) weight: the same forward bit for bit, the same gradient w.r.t. the input (fp32: a rounding apart; bf16:
/// the same casts, so within a bf16 step), and with a weight that requires grad, autograd's path with the weight's
/// gradient too.</summary>
public sealed class RmsNormTests
{
    [Theory]
    [InlineData(BackboneDtype.Fp32, false)]
    [InlineData(BackboneDtype.Bf16, false)]
    [InlineData(BackboneDtype.Fp32, true)]
    [InlineData(BackboneDtype.Bf16, true)]
    public void The_norm_gives_what_autograd_gives_through_hf_formula(BackboneDtype dtype, bool trainWeight)
    {
        using var backbone = TinyFlan.Load(dtype);
        var model = backbone.Model;
        var norm = model.modules().OfType<T5LayerNorm>().First();
        var weight = norm.parameters().Single();
        Assert.True(weight.to(ScalarType.Float32).sub(TorchScalars.Of(1.0)).abs().max().item<float>() > 0.01, "the fixture's weight is all ones: the test would not see it");
        manual_seed(5);
        var x = randn(3, 7, model.Config.DModel).mul(TorchScalars.Of(3.0)).to(model.Dtype).requires_grad_();
        var upstream = randn(3, 7, model.Config.DModel).to(model.Dtype);
        weight.requires_grad = trainWeight;
        try
        {
            Tensor[] inputs = trainWeight ? [x, weight] : [x];
            var x32 = x.to(ScalarType.Float32);
            var variance = x32.pow(TorchScalars.Of(2)).mean([-1L], keepdim: true);
            var expected = weight * x32.mul(variance.add(TorchScalars.Of(model.Config.LayerNormEpsilon), TorchScalars.One).rsqrt()).to(weight.dtype);
            var expectedGrads = autograd.grad([expected], inputs, [upstream]);
            var actual = norm.Forward(x);
            var actualGrads = autograd.grad([actual], inputs, [upstream]);
            Tensor withoutGraph;
            using (no_grad())
                withoutGraph = norm.Forward(x);

            Assert.Equal(model.Dtype, actual.dtype);
            Assert.True(actual.eq(expected).all().item<bool>(), "the forward differs from HF's formula");
            Assert.True(withoutGraph.eq(expected).all().item<bool>(), "the forward without a graph differs from HF's formula");
            for (int i = 0; i < inputs.Length; i++)
            {
                Assert.Equal(inputs[i].dtype, actualGrads[i].dtype);
                // fp32: Σ(g·x) and the r³ factor are summed in another order; bf16: an element may round one step the other way.
                float scale = expectedGrads[i].abs().max().to(ScalarType.Float32).item<float>();
                double tolerance = (dtype == BackboneDtype.Fp32 ? 1e-6 : 1e-2) * scale;
                double worst = (actualGrads[i].to(ScalarType.Float32) - expectedGrads[i].to(ScalarType.Float32)).abs().max().item<float>();
                Assert.True(worst <= tolerance, $"input {i}: max |Δ grad| = {worst} (tolerance {tolerance})");
            }
        }
        finally
        {
            weight.requires_grad = false;
        }
    }
}
