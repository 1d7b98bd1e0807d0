using PeftU.Abstractions.Backbone;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>The T5 model's hook points, indexed by site (what methods see through <see cref="IBackboneHooks"/>).</summary>
internal sealed class T5Hooks : IBackboneHooks
{
    private readonly Dictionary<LinearSite, T5Linear> _linears;
    private readonly Dictionary<SublayerSite, T5Sublayer> _sublayers;
    private readonly Dictionary<AttentionSite, T5Attention> _attentions;
    private readonly Dictionary<BlockSite, T5Block> _blocks;
    private readonly Func<Tensor> _sharedEmbedding;

    // sharedEmbedding: its device and dtype are the backbone's, read when asked, so a model moved after construction
    // reports where it is now.
    public T5Hooks(BackboneDims dims, IEnumerable<T5Stack> stacks, Func<Tensor> sharedEmbedding)
    {
        Dims = dims;
        _sharedEmbedding = sharedEmbedding;
        var blocks = stacks.SelectMany(s => s.Blocks).ToList();
        var sublayers = blocks.SelectMany(b => b.Sublayers).ToList();
        var attentions = sublayers.Select(s => s.Attention).OfType<T5Attention>().ToList();
        var linears = attentions.SelectMany(a => a.Projections)
            .Concat(sublayers.Select(s => s.FeedForward).OfType<T5FeedForward>().SelectMany(f => f.Projections))
            .OrderBy(l => l.Site.Stack).ThenBy(l => l.Site.Layer).ToList();
        _blocks = blocks.ToDictionary(b => b.Site);
        _sublayers = sublayers.ToDictionary(s => s.Site);
        _attentions = attentions.ToDictionary(a => a.Site);
        _linears = linears.ToDictionary(l => l.Site);
        Linears = linears.Select(l => l.Site).ToArray();
        Sublayers = sublayers.Select(s => s.Site).ToArray();
        Attentions = attentions.Select(a => a.Site).ToArray();
        Blocks = blocks.Select(b => b.Site).ToArray();
    }

    public BackboneDims Dims { get; }

    public Tensor SharedEmbedding => _sharedEmbedding();

    public Device Device => _sharedEmbedding().device;

    public ScalarType ComputeDtype => _sharedEmbedding().dtype;

    /// <summary>Set by whoever pairs the model with its tokenizer (the checkpoint loader).</summary>
    internal Func<string, int[]>? Tokenizer { get; set; }

    public int[] Tokenize(string text) =>
        (Tokenizer ?? throw new InvalidOperationException("this backbone has no tokenizer attached (load it from a checkpoint folder with spiece.model or tokenizer.json)."))(text);

    public IReadOnlyList<LinearSite> Linears { get; }

    public IReadOnlyList<SublayerSite> Sublayers { get; }

    public IReadOnlyList<AttentionSite> Attentions { get; }

    public IReadOnlyList<BlockSite> Blocks { get; }

    internal HookList<EmbeddingPrefixHook> EmbeddingPrefix { get; } = new();

    public IDisposable AddLinearInput(LinearSite site, LinearInputHook hook) => Find(_linears, site, site.Name).InputHooks.Add(hook);

    public IDisposable AddLinearOutput(LinearSite site, LinearOutputHook hook) => Find(_linears, site, site.Name).OutputHooks.Add(hook);

    public IDisposable AddSublayerOutput(SublayerSite site, SublayerOutputHook hook) => Find(_sublayers, site, site.Name).OutputHooks.Add(hook);

    public IDisposable AddBlockOutput(BlockSite site, BlockOutputHook hook) => Find(_blocks, site, site.Name).OutputHooks.Add(hook);

    public IDisposable SetKeyValuePrefix(AttentionSite site, KeyValuePrefixHook hook) =>
        Find(_attentions, site, site.Name).PrefixHooks.SetSingle(hook, site.Name);

    public IDisposable SetEncoderEmbeddingPrefix(EmbeddingPrefixHook hook) => EmbeddingPrefix.SetSingle(hook, "encoder input embeddings");

    private static T Find<TSite, T>(Dictionary<TSite, T> map, TSite site, string name) where TSite : notnull =>
        map.TryGetValue(site, out var found) ? found : throw new ArgumentException($"'{name}' is not a hook site of this backbone.");
}
