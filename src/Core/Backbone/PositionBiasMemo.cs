using PeftU.Abstractions.Backbone;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>One stack forward's position biases plus the stack's mask, made once per (queries, keys) shape and shared
/// by its blocks (HF computes the bias in block 0 and passes it on), so each block adds one tensor to its scores. Blocks
/// run their sublayers in dispose scopes of their own, so the memo owns its tensors (out of every scope) and frees them
/// when the stack forward ends; backward needs none of them.</summary>
internal sealed class PositionBiasMemo(RelativePositionBias bias, ScalarType dtype) : IDisposable
{
    private readonly Dictionary<(long, long), Tensor> _withMask = [];

    /// <summary>The bias for queries that are the last <paramref name="queryLength"/> of <paramref name="keyLength"/>
    /// positions plus the fp32 <paramref name="mask"/>, summed in fp32 and brought to the compute dtype: the mask is the
    /// same for every block of one stack forward.</summary>
    public Tensor WithMask(long queryLength, long keyLength, Tensor mask)
    {
        if (!_withMask.TryGetValue((queryLength, keyLength), out var tensor))
        {
            using var scope = NewDisposeScope();
            var positionBias = bias.Compute(queryLength, keyLength, keyLength - queryLength);
            tensor = AttentionMasks.InDtype(positionBias.Plus(mask), dtype).DetachFromDisposeScope();
            _withMask[(queryLength, keyLength)] = tensor;
        }
        return tensor;
    }

    public void Dispose()
    {
        foreach (var tensor in _withMask.Values)
            tensor.Dispose();
        _withMask.Clear();
    }
}
