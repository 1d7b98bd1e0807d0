using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>One stack forward's position biases, computed once per (queries, keys) shape and shared by its blocks
/// (HF computes the bias in block 0 and passes it on).</summary>
internal sealed class PositionBiasMemo(RelativePositionBias bias)
{
    private readonly Dictionary<(long, long), Tensor> _byShape = [];

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
}
