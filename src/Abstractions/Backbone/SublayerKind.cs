namespace PeftU.Abstractions.Backbone;

/// <summary>The residual sublayers of a block, in order.</summary>
public enum SublayerKind
{
    /// <summary>Self-attention (encoder or decoder).</summary>
    SelfAttention,

    /// <summary>Decoder cross-attention.</summary>
    CrossAttention,

    /// <summary>The feed-forward network.</summary>
    FeedForward,
}
