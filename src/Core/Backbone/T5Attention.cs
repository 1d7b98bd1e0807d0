using PeftU.Abstractions.Backbone;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>T5 multi-head attention (HF <c>T5Attention</c>): q, k, v, o projections around <see cref="T5AttentionCore"/>
/// (<b>unscaled</b> dot products: T5 folds 1/√d_kv into its initialisation), optional key/value prefix and cache.</summary>
public sealed class T5Attention : nn.Module
{
    private readonly T5Linear q, k, v, o;
    private readonly int _heads, _dKv;
    private readonly double _dropout;
    private readonly string _dropoutSite;

    internal T5Attention(AttentionSite site, StackKind stack, T5Config config, bool ownsPositionBias) : base(site.Name)
    {
        Site = site;
        _heads = config.NumHeads;
        _dKv = config.DKv;
        _dropout = config.DropoutRate;
        _dropoutSite = $"{site.Name}.dropout";
        T5Linear Projection(string module, int input, int output) =>
            new(new LinearSite($"{site.Name}.{module}", stack, site.Layer, module, site.Kind, input, output));
        q = Projection("q", config.DModel, config.Inner);
        k = Projection("k", config.DModel, config.Inner);
        v = Projection("v", config.DModel, config.Inner);
        o = Projection("o", config.Inner, config.DModel);
        register_module("q", q);
        register_module("k", k);
        register_module("v", v);
        register_module("o", o);
        if (ownsPositionBias)
        {
            var table = nn.Embedding(config.RelativeAttentionNumBuckets, config.NumHeads);
            register_module("relative_attention_bias", table);
            PositionBias = new RelativePositionBias(table, bidirectional: stack == StackKind.Encoder,
                config.RelativeAttentionNumBuckets, config.RelativeAttentionMaxDistance);
        }
    }

    public AttentionSite Site { get; }

    /// <summary>Set on block 0's self-attention only.</summary>
    public RelativePositionBias? PositionBias { get; }

    public IEnumerable<T5Linear> Projections => [q, k, v, o];

    internal HookList<KeyValuePrefixHook> PrefixHooks { get; } = new();

    /// <param name="hidden">Queries' source <c>[batch, queries, d_model]</c>.</param>
    /// <param name="keyValueSource">Encoder output for cross-attention; null for self-attention.</param>
    /// <param name="mask">Additive mask over the non-prefix keys, <c>[batch, 1, queries or 1, keys]</c>: fp32 with a
    /// position bias (their sum is made in fp32), else already in the compute dtype.</param>
    /// <param name="bias">Position biases of this stack's forward; null for cross-attention (T5 has none there).</param>
    /// <param name="context">The forward's hook context (user index, training flag).</param>
    /// <param name="cache">Decoding cache: self-attention appends to it; cross-attention fills it once.</param>
    internal Tensor Forward(Tensor hidden, Tensor? keyValueSource, Tensor mask, PositionBiasMemo? bias, HookContext context, AttentionCache? cache)
    {
        long queries = hidden.shape[1];
        var query = Split(q.Forward(hidden, context));
        var (keys, values) = KeysAndValues(hidden, keyValueSource, context, cache);
        long keyLength = keys.shape[2];

        long prefix = keyLength - mask.shape[3];
        if (prefix > 0) // prefix positions are always visible: extend the mask with zeros on the left
            mask = nn.functional.pad(mask, [prefix, 0]);
        var additive = bias is not null ? bias.WithMask(queries, keyLength, mask) : mask;
        var output = T5AttentionCore.Attend(query, keys, values, additive, w => context.Dropout(w, _dropout, _dropoutSite));
        return o.Forward(output, context);
    }

    private (Tensor Keys, Tensor Values) KeysAndValues(Tensor hidden, Tensor? keyValueSource, HookContext context, AttentionCache? cache)
    {
        if (keyValueSource is not null && cache is { IsEmpty: false })
            return (cache.Keys!, cache.Values!); // cross-attention: the encoder output does not change while decoding

        var source = keyValueSource ?? hidden;
        var keys = Split(k.Forward(source, context));
        var values = Split(v.Forward(source, context));
        if (cache is { IsEmpty: false })
        {
            keys = cat([cache.Keys!, keys], 2);
            values = cat([cache.Values!, values], 2);
        }
        else if (!PrefixHooks.IsEmpty)
        {
            var prefix = PrefixHooks.Items[0](Site, context);
            CheckPrefix(prefix, keys);
            keys = cat([prefix.Keys.to(keys.dtype), keys], 2);
            values = cat([prefix.Values.to(values.dtype), values], 2);
        }
        cache?.Set(keys, values);
        return (keys, values);
    }

    private void CheckPrefix(KeyValuePrefix prefix, Tensor keys)
    {
        foreach (var (name, tensor) in new[] { ("keys", prefix.Keys), ("values", prefix.Values) })
        {
            if (tensor.dim() != 4 || tensor.shape[0] != keys.shape[0] || tensor.shape[1] != _heads || tensor.shape[3] != _dKv)
                throw new BackboneException(
                    $"{Site.Name}: prefix {name} has shape [{string.Join(", ", tensor.shape)}], expected [{keys.shape[0]}, {_heads}, prefix_length, {_dKv}].");
        }
    }

    private Tensor Split(Tensor x) => x.view(x.shape[0], x.shape[1], _heads, _dKv).transpose(1, 2);
}
