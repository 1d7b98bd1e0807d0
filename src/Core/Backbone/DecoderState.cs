namespace PeftU.Core.Backbone;

/// <summary>Per-layer key/value caches for incremental decoding, and how many decoder tokens they already hold.</summary>
public sealed class DecoderState : IDisposable
{
    internal DecoderState(int layers) => Blocks = Enumerable.Range(0, layers).Select(_ => new BlockCache()).ToArray();

    internal IReadOnlyList<BlockCache> Blocks { get; }

    /// <summary>Decoder tokens already processed (prefix positions not counted).</summary>
    public long Past { get; internal set; }

    public void Dispose()
    {
        foreach (var cache in Blocks)
            cache.Dispose();
    }
}
