namespace PeftU.Abstractions.Backbone;

/// <summary>One attention module; key/value prefixes attach here.</summary>
/// <remarks>
/// <c>Name</c>: HF module path, e.g. <c>decoder.block.0.layer.1.EncDecAttention</c>.<br/>
/// </remarks>
public sealed record AttentionSite(string Name, int Layer, AttentionKind Kind);
