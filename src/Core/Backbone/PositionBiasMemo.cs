using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>One stack forward's position biases, computed once per (queries, keys) shape and shared by its blocks
/// (HF computes the bias in block 0 and passes it on), and their sums with the stack's mask, so each block adds one
/// tensor to its scores instead of two. Blocks run their sublayers in dispose scopes of their own, so the memo owns
/// its tensors (out of every scope) and frees them when the stack forward ends; backward needs none of them.</summary>
internal sealed class PositionBiasMemo(RelativePositionBias bias, ScalarType dtype) : IDisposable
{
    private readonly Dictionary<(long, long), Tensor> _byShape = [];
    private readonly Dictionary<(long, long), Tensor> _withMask = [];

    /// <summary>Bias for queries that are the last <paramref name="queryLength"/> of <paramref name="keyLength"/> positions.</summary>
    public Tensor Get(long queryLength, long keyLength)
    {
        if (!_byShape.TryGetValue((queryLength, keyLength), out var tensor))
        {
            tensor = bias.Compute(queryLength, keyLength, keyLength - queryLength).DetachFromDisposeScope();
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
            using var scope = NewDisposeScope();
            tensor = AttentionMasks.InDtype(Get(queryLength, keyLength) + mask, dtype).DetachFromDisposeScope();
            _withMask[(queryLength, keyLength)] = tensor;
        }
        return tensor;
    }

    public void Dispose()
    {
        foreach (var tensor in _byShape.Values.Concat(_withMask.Values))
            tensor.Dispose();
        _byShape.Clear();
        _withMask.Clear();
    }
}
