namespace PeftU.Abstractions.Backbone;

/// <summary>One transformer block; its output hidden state can be hooked.</summary>
public sealed record BlockSite(string Name, StackKind Stack, int Layer);
