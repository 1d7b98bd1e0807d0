using PeftU.Abstractions.Backbone;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>Additive attention masks: 0 where a key is visible, the dtype's most negative finite value where it is not
/// (as HF). Built in fp32, then brought to the compute dtype once per stack forward.</summary>
internal static class AttentionMasks
{
    /// <summary>Padding mask <c>[batch, 1, 1, keys]</c> from a 0/1 attention mask <c>[batch, keys]</c>.</summary>
    public static Tensor FromPadding(Tensor attentionMask) =>
        attentionMask.to(ScalarType.Float32).OneMinus().mul(TorchScalars.Of(float.MinValue)).unsqueeze(1).unsqueeze(1);

    /// <summary>Causal mask <c>[1, 1, queries, past + queries]</c>: query i sees keys up to past + i.</summary>
    public static Tensor Causal(long queries, long past, Device device)
    {
        var queryPosition = arange(TorchScalars.Of(past), TorchScalars.Of(past + queries), dtype: ScalarType.Int64, device: device).unsqueeze(1);
        var keyPosition = arange(TorchScalars.Of(0L), TorchScalars.Of(past + queries), dtype: ScalarType.Int64, device: device).unsqueeze(0);
        return (keyPosition > queryPosition).to(ScalarType.Float32).mul(TorchScalars.Of(float.MinValue)).unsqueeze(0).unsqueeze(0);
    }

    /// <summary>An fp32 mask (or bias plus mask) in <paramref name="dtype"/>: clamped first, because fp32's minimum
    /// rounds to −∞ in bf16, and a row of −∞ would turn its softmax into NaN.</summary>
    public static Tensor InDtype(Tensor additive, ScalarType dtype) =>
        additive.dtype == dtype ? additive : additive.clamp_min(TorchScalars.Of(finfo(dtype).min)).to(dtype);
}
