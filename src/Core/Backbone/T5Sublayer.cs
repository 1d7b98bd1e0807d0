using PeftU.Abstractions.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>One residual sublayer of a block (HF <c>T5LayerSelfAttention</c>, <c>T5LayerCrossAttention</c>,
/// <c>T5LayerFF</c>): pre-norm, the inner module, dropout, output hooks, residual add.</summary>
public sealed class T5Sublayer : nn.Module
{
    private readonly T5LayerNorm layer_norm;
    private readonly double _dropout;

    // Held in a record, not in Module-typed fields: TorchSharp registers every Module-typed field (auto-property backing
    // fields included) under its field name, which would add a second, non-HF name for the same weights.
    private readonly Inner _inner;

    private T5Sublayer(SublayerSite site, T5Config config, T5Attention? attention, T5FeedForward? feedForward) : base(site.Name)
    {
        Site = site;
        _dropout = config.DropoutRate;
        _inner = new Inner(attention, feedForward);
        if (attention is not null)
            register_module(site.Kind == SublayerKind.CrossAttention ? "EncDecAttention" : "SelfAttention", attention);
        if (feedForward is not null)
            register_module("DenseReluDense", feedForward);
        layer_norm = new T5LayerNorm("layer_norm", config.DModel, config.LayerNormEpsilon);
        register_module("layer_norm", layer_norm);
    }

    public SublayerSite Site { get; }

    public T5Attention? Attention => _inner.Attention;

    public T5FeedForward? FeedForward => _inner.FeedForward;

    internal HookList<SublayerOutputHook> OutputHooks { get; } = new();

    internal static T5Sublayer CreateAttention(SublayerSite site, StackKind stack, T5Config config)
    {
        var (name, kind) = site.Kind == SublayerKind.CrossAttention
            ? ("EncDecAttention", AttentionKind.DecoderCross)
            : ("SelfAttention", stack == StackKind.Encoder ? AttentionKind.EncoderSelf : AttentionKind.DecoderSelf);
        bool ownsBias = site.Kind == SublayerKind.SelfAttention && site.Layer == 0;
        var attention = new T5Attention(new AttentionSite($"{site.Name}.{name}", site.Layer, kind), stack, config, ownsBias);
        return new T5Sublayer(site, config, attention, null);
    }

    internal static T5Sublayer CreateFeedForward(SublayerSite site, StackKind stack, T5Config config) =>
        new(site, config, null, new T5FeedForward($"{site.Name}.DenseReluDense", stack, site.Layer, config));

    internal Tensor ForwardAttention(Tensor hidden, Tensor? keyValueSource, Tensor mask, PositionBiasMemo? bias, HookContext context, AttentionCache? cache)
    {
        using var scope = NewDisposeScope();
        return Residual(hidden, Attention!.Forward(layer_norm.Forward(hidden), keyValueSource, mask, bias, context, cache), context).MoveToOuterDisposeScope();
    }

    internal Tensor ForwardFeedForward(Tensor hidden, HookContext context)
    {
        using var scope = NewDisposeScope();
        return Residual(hidden, FeedForward!.Forward(layer_norm.Forward(hidden), context), context).MoveToOuterDisposeScope();
    }

    private Tensor Residual(Tensor hidden, Tensor output, HookContext context)
    {
        output = context.Dropout(output, _dropout, $"{Site.Name}.dropout");
        foreach (var hook in OutputHooks.Items)
            output = hook(Site, output, context);
        return hidden.Plus(output);
    }

    private sealed record Inner(T5Attention? Attention, T5FeedForward? FeedForward);
}
