namespace PeftU.Abstractions.Backbone;

/// <summary>A residual sublayer: its output (after dropout, before it is added to the residual stream) can be hooked.</summary>
/// <remarks>
/// <c>Name</c>: HF module path of the sublayer, e.g. <c>decoder.block.1.layer.2</c>.<br/>
/// </remarks>
public sealed record SublayerSite(string Name, StackKind Stack, int Layer, SublayerKind Kind);
