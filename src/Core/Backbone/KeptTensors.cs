using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>For custom autograd functions (<see cref="RmsNormFunction"/>, <see cref="Inference.TargetLogProbs"/>):
/// TorchSharp hands the handle of a tensor that <c>forward</c> or <c>backward</c> returns to libtorch after the method
/// has returned, and keeps no reference to the managed object, so a collection could finalize it first
/// (docs/architecture.md §4, Scalars).</summary>
internal static class KeptTensors
{
    private const string Key = "kept";

    /// <summary>Holds <paramref name="tensor"/> in the context until the node is freed, in place of what was held
    /// before (the forward's result, which the backward no longer needs); returns it.</summary>
    public static Tensor KeepReturned(this autograd.AutogradContext ctx, Tensor tensor)
    {
        ctx.save_data(Key, new[] { tensor });
        return tensor;
    }
}
