using PeftU.Abstractions.Backbone;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>HF <c>T5Block</c>: <c>layer.0</c> self-attention, <c>layer.1</c> cross-attention (decoder only), then the
/// feed-forward sublayer.</summary>
public sealed class T5Block : nn.Module
{
    private readonly ModuleList<T5Sublayer> layer;

    internal T5Block(BlockSite site, T5Config config) : base(site.Name)
    {
        Site = site;
        var sublayers = new List<T5Sublayer>();
        SublayerSite Sub(SublayerKind kind) => new($"{site.Name}.layer.{sublayers.Count}", site.Stack, site.Layer, kind);
        sublayers.Add(T5Sublayer.CreateAttention(Sub(SublayerKind.SelfAttention), site.Stack, config));
        if (site.Stack == StackKind.Decoder)
            sublayers.Add(T5Sublayer.CreateAttention(Sub(SublayerKind.CrossAttention), site.Stack, config));
        sublayers.Add(T5Sublayer.CreateFeedForward(Sub(SublayerKind.FeedForward), site.Stack, config));
        layer = nn.ModuleList(sublayers.ToArray());
        register_module("layer", layer);
    }

    public BlockSite Site { get; }

    public IReadOnlyList<T5Sublayer> Sublayers => [.. layer];

    internal HookList<BlockOutputHook> OutputHooks { get; } = new();

    internal Tensor Forward(Tensor hidden, BlockInputs inputs, HookContext context, BlockCache? cache)
    {
        hidden = layer[0].ForwardAttention(hidden, null, inputs.SelfMask, inputs.PositionBias, context, cache?.Self);
        if (Site.Stack == StackKind.Decoder)
            hidden = layer[1].ForwardAttention(hidden, inputs.EncoderHidden, inputs.EncoderMask!, null, context, cache?.Cross);
        hidden = layer[^1].ForwardFeedForward(hidden, context);
        foreach (var hook in OutputHooks.Items)
            hidden = hook(Site, hidden, context);
        return hidden;
    }
}

/// <summary>What every block of one stack forward shares.</summary>
internal sealed record BlockInputs(Tensor SelfMask, PositionBiasMemo PositionBias, Tensor? EncoderHidden, Tensor? EncoderMask);

/// <summary>A decoder block's self- and cross-attention caches.</summary>
public sealed class BlockCache : IDisposable
{
    public AttentionCache Self { get; } = new();

    public AttentionCache Cross { get; } = new();

    public void Dispose()
    {
        Self.Dispose();
        Cross.Dispose();
    }
}
