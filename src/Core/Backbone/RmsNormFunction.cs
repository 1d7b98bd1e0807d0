using PeftU.Abstractions.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>T5's RMS norm, <c>weight · (x₃₂ · rsqrt(mean(x₃₂²) + ε))</c> with the variance in fp32 (HF's
/// <c>T5LayerNorm</c>), and, for a frozen weight, a backward of its own. Through plain autograd the fp32 copy of the
/// input stayed alive from the forward to the backward (the square and the product both save it), and the backward
/// walked the variance's chain op by op (product, sum, rsqrt, mean, square, then the two gradients added): about nine
/// passes over the hidden states. Here the forward keeps the input in its own dtype and the per-row 1/rms, and the
/// backward is the closed form <c>g₃₂·r − x₃₂·r³·mean(g₃₂·x₃₂)</c> with <c>g₃₂ = (g·weight)</c> in fp32, the same casts as
/// autograd's: docs/architecture.md §3.</summary>
internal sealed class RmsNormFunction : autograd.SingleTensorFunction<RmsNormFunction>
{
    public override string Name => nameof(RmsNormFunction);

    /// <summary>The norm of <paramref name="x"/>; differentiable w.r.t. <paramref name="x"/>. A weight that requires
    /// grad (no method trains it today) takes plain autograd, which also gives the weight's gradient.</summary>
    public static Tensor Of(Tensor x, Tensor weight, double epsilon) =>
        x.requires_grad && !weight.requires_grad && is_grad_enabled()
            ? apply(x, weight, epsilon)
            : Forward(x, weight, epsilon).Output;

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, weight, epsilon) = ((Tensor)vars[0], (Tensor)vars[1], (double)vars[2]);
        var (output, inverseRms) = Forward(x, weight, epsilon);
        ctx.save_for_backward([x, weight, inverseRms]);
        return ctx.KeepReturned(output);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        Tensor grad;
        // The saved tensors' wrappers in the scope too: freed as each norm's backward ends, not at the end of the pass.
        using (var scope = NewDisposeScope())
        {
            var saved = ctx.get_saved_variables();
            var (x, weight, inverseRms) = (saved[0], saved[1], saved[2]);
            var x32 = x.to(ScalarType.Float32);
            // As autograd: the product's gradient in the weight's dtype, then the cast's backward to fp32.
            var normedGrad = grad_output.mul(weight).to(ScalarType.Float32);
            // d/dx of x·r with r = (mean(x²) + ε)^-½: g·r − x·r³·Σ(g·x)/d.
            var coefficient = normedGrad.mul(x32).sum([-1L], keepdim: true)
                .mul_(inverseRms.pow(TorchScalars.Of(3))).mul_(TorchScalars.Of(-1.0 / x.shape[^1]));
            grad = normedGrad.mul_(inverseRms).addcmul_(x32, coefficient, TorchScalars.One).to(x.dtype).MoveToOuterDisposeScope();
        }
        return [ctx.KeepReturned(grad), null!, null!];
    }

    /// <summary>The forward with ordinary ops (autograd records them when it is on): the output in the weight's dtype,
    /// and the fp32 per-row 1/rms <c>[..., 1]</c>.</summary>
    private static (Tensor Output, Tensor InverseRms) Forward(Tensor x, Tensor weight, double epsilon)
    {
        using var scope = NewDisposeScope();
        var x32 = x.to(ScalarType.Float32);
        var inverseRms = x32.pow(TorchScalars.Of(2)).mean([-1L], keepdim: true).add(TorchScalars.Of(epsilon), TorchScalars.One).rsqrt();
        var output = weight * x32.mul(inverseRms).to(weight.dtype);
        return (output.MoveToOuterDisposeScope(), inverseRms.MoveToOuterDisposeScope());
    }
}
