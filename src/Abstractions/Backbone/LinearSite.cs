namespace PeftU.Abstractions.Backbone;

/// <summary>One frozen linear projection a method may hook: its HF module path, where it sits and its shape.</summary>
/// <remarks>
/// <c>Name</c>: HF module path, e.g. <c>encoder.block.0.layer.0.SelfAttention.q</c>.<br/>
/// <c>Module</c>: Short name as HF peft's <c>target_modules</c>: q, k, v, o, wi, wi_0, wi_1 or wo.<br/>
/// <c>Attention</c>: The attention it belongs to; null for feed-forward projections.<br/>
/// </remarks>
public sealed record LinearSite(string Name, StackKind Stack, int Layer, string Module, AttentionKind? Attention, int InFeatures, int OutFeatures)
{
    /// <summary>True for the feed-forward projections (wi, wi_0, wi_1, wo).</summary>
    public bool IsFeedForward => Attention is null;
}
