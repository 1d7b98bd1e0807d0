using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>Additive fp32 attention masks: 0 where a key is visible, the fp32 minimum where it is not (as HF).</summary>
internal static class AttentionMasks
{
    /// <summary>Padding mask <c>[batch, 1, 1, keys]</c> from a 0/1 attention mask <c>[batch, keys]</c>.</summary>
    public static Tensor FromPadding(Tensor attentionMask) =>
        (1.0f - attentionMask.to(ScalarType.Float32)).mul(float.MinValue).unsqueeze(1).unsqueeze(1);

    /// <summary>Causal mask <c>[1, 1, queries, past + queries]</c>: query i sees keys up to past + i.</summary>
    public static Tensor Causal(long queries, long past, Device device)
    {
        var queryPosition = arange(past, past + queries, dtype: ScalarType.Int64, device: device).unsqueeze(1);
        var keyPosition = arange(0, past + queries, dtype: ScalarType.Int64, device: device).unsqueeze(0);
        return (keyPosition > queryPosition).to(ScalarType.Float32).mul(float.MinValue).unsqueeze(0).unsqueeze(0);
    }
}
