using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>One stack forward's position biases, computed once per (queries, keys) shape and shared by its blocks
/// (HF computes the bias in block 0 and passes it on), and their sums with the stack's mask, so each block adds one
/// tensor to its scores instead of two.</summary>
internal sealed class PositionBiasMemo(RelativePositionBias bias, ScalarType dtype)
{
    private readonly Dictionary<(long, long), Tensor> _byShape = [];
    private readonly Dictionary<(long, long), Tensor> _withMask = [];

    /// <summary>Bias for queries that are the last <paramref name="queryLength"/> of <paramref name="keyLength"/> positions.</summary>
    public Tensor Get(long queryLength, long keyLength)
    {
        if (!_byShape.TryGetValue((queryLength, keyLength), out var tensor))
        {
            tensor = bias.Compute(queryLength, keyLength, keyLength - queryLength);
            _byShape[(queryLength, keyLength)] = tensor;
        }
        return tensor;
    }

    /// <summary><see cref="Get"/> plus the fp32 <paramref name="mask"/>, in the compute dtype: the mask is the same for
    /// every block of one stack forward, so the sum is made once per shape.</summary>
    public Tensor WithMask(long queryLength, long keyLength, Tensor mask)
    {
        if (!_withMask.TryGetValue((queryLength, keyLength), out var tensor))
        {
            tensor = AttentionMasks.InDtype(Get(queryLength, keyLength) + mask, dtype);
            _withMask[(queryLength, keyLength)] = tensor;
        }
        return tensor;
    }
}
