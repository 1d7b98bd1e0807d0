using PeftU.Abstractions.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Adapters.Interop;

/// <summary>The hook points of a backbone known only by its dims, with no weights: a method attaches here to show the
/// tensors it would have (on the meta device, free) or to compute what does not depend on the text — the prompt
/// encoder's output, the prefix table — when a module is written for a tool that stores those instead of the weights.</summary>
internal sealed class DetachedHooks : IBackboneHooks
{
    private readonly Dictionary<AttentionSite, KeyValuePrefixHook> _prefixes = [];

    public DetachedHooks(BackboneDims dims, Device device)
    {
        Dims = dims;
        Device = device;
        Linears = BackboneSites.Linears(dims);
        Sublayers = BackboneSites.Sublayers(dims);
        // The attentions in the order the model lists them (encoder self, then per decoder block self and cross): the
        // order of their projections.
        Attentions = [.. Linears.Where(l => l.Attention is not null && l.Module == "q")
            .Select(l => new AttentionSite(l.Name[..^2], l.Layer, l.Attention!.Value))];
        Blocks = [.. Sublayers.Select(s => new BlockSite(s.Name[..s.Name.IndexOf(".layer.", StringComparison.Ordinal)], s.Stack, s.Layer)).Distinct()];
    }

    public BackboneDims Dims { get; }

    public Device Device { get; }

    public ScalarType ComputeDtype => ScalarType.Float32;

    /// <summary>No vocabulary here: zeros (expanded, so nothing is allocated), enough for a method's initialisation,
    /// which the loaded module overwrites anyway.</summary>
    public Tensor SharedEmbedding => zeros([1, Dims.DModel], device: Device).expand(Dims.VocabSize, Dims.DModel);

    public int[] Tokenize(string text) =>
        throw new InvalidOperationException("a backbone known by its config alone has no tokenizer.");

    public IReadOnlyList<LinearSite> Linears { get; }

    public IReadOnlyList<SublayerSite> Sublayers { get; }

    public IReadOnlyList<AttentionSite> Attentions { get; }

    public IReadOnlyList<BlockSite> Blocks { get; }

    /// <summary>The encoder embedding prefix a method set, if any.</summary>
    public EmbeddingPrefixHook? EmbeddingPrefix { get; private set; }

    /// <summary>Key/value prefixes by attention site, in the sites' order.</summary>
    public IReadOnlyList<(AttentionSite Site, KeyValuePrefixHook Hook)> Prefixes =>
        [.. Attentions.Where(_prefixes.ContainsKey).Select(s => (s, _prefixes[s]))];

    public IDisposable AddLinearInput(LinearSite site, LinearInputHook hook) => Nothing.Instance;

    public IDisposable AddLinearOutput(LinearSite site, LinearOutputHook hook) => Nothing.Instance;

    public IDisposable AddSublayerOutput(SublayerSite site, SublayerOutputHook hook) => Nothing.Instance;

    public IDisposable AddBlockOutput(BlockSite site, BlockOutputHook hook) => Nothing.Instance;

    public IDisposable SetKeyValuePrefix(AttentionSite site, KeyValuePrefixHook hook)
    {
        _prefixes[site] = hook;
        return Nothing.Instance;
    }

    public IDisposable SetEncoderEmbeddingPrefix(EmbeddingPrefixHook hook)
    {
        EmbeddingPrefix = hook;
        return Nothing.Instance;
    }

    /// <summary>An evaluation-mode context for one row of user 0 (no dropout, so no random draws).</summary>
    public HookContext Context() => new(
        () => tensor(new long[] { 0 }, device: Device),
        () => throw new InvalidOperationException("no random draws outside training."),
        training: false, ComputeDtype, Device);

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();

        public void Dispose()
        {
        }
    }
}
