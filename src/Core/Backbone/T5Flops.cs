using PeftU.Abstractions.Backbone;

namespace PeftU.Core.Backbone;

/// <summary>Analytic FLOP counts of a T5 forward pass (2 FLOPs per multiply-add; matmuls only — norms, softmax and
/// activations are a few percent). Used for throughput reports and plan-time estimates.</summary>
public static class T5Flops
{
    /// <summary>Forward FLOPs for <paramref name="batch"/> rows of <paramref name="encoderLength"/> input tokens and
    /// <paramref name="decoderLength"/> decoder tokens, without cache.</summary>
    public static double Forward(BackboneDims c, long batch, long encoderLength, long decoderLength)
    {
        double d = c.DModel, inner = c.Inner;
        double projections = 4 * d * inner;
        double feedForward = (c.GatedFeedForward ? 3 : 2) * d * c.DFf;
        double encoderPerToken = projections + feedForward + 2 * encoderLength * inner; // + QKᵀ and AV
        double decoderPerToken = 2 * projections + feedForward + 2 * decoderLength * inner + 2 * encoderLength * inner;
        double encoder = 2 * batch * encoderLength * c.NumLayers * encoderPerToken;
        // Cross-attention keys/values are projections of the encoder output: counted per encoder token, not per decoder token.
        double crossKeyValues = 2 * batch * encoderLength * c.NumDecoderLayers * 2 * d * inner;
        double decoder = 2 * batch * decoderLength * c.NumDecoderLayers * (decoderPerToken - 2 * d * inner);
        double head = 2 * batch * decoderLength * d * c.VocabSize;
        return encoder + crossKeyValues + decoder + head;
    }

    /// <summary>Forward plus a backward pass that computes activation gradients only (frozen weights, as under PEFT):
    /// one extra matmul per forward matmul, so twice the forward.</summary>
    public static double ForwardBackwardFrozen(BackboneDims c, long batch, long encoderLength, long decoderLength) =>
        2 * Forward(c, batch, encoderLength, decoderLength);
}
