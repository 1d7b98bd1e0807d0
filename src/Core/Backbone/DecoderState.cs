using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>Per-layer key/value caches for incremental decoding, and how many decoder tokens they already hold.</summary>
public sealed class DecoderState : IDisposable
{
    internal DecoderState(int layers) => Blocks = Enumerable.Range(0, layers).Select(_ => new BlockCache()).ToArray();

    internal IReadOnlyList<BlockCache> Blocks { get; }

    /// <summary>Decoder tokens already processed (prefix positions not counted).</summary>
    public long Past { get; internal set; }

    /// <summary>Keeps only the given rows of every cache.</summary>
    public void Select(Tensor rows)
    {
        foreach (var cache in Blocks)
            cache.Select(rows);
    }

    public void Dispose()
    {
        foreach (var cache in Blocks)
            cache.Dispose();
    }
}
