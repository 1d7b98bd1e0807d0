namespace PeftU.Abstractions.Backbone;

/// <summary>The dimensions of an encoder-decoder backbone that PEFT methods size their tensors by (HF T5 config names).</summary>
/// <remarks>
/// <c>BaseParameters</c>: Parameters of the frozen backbone (for trainable-% reports).<br/>
/// </remarks>
public sealed record BackboneDims(
    int DModel,
    int DKv,
    int NumHeads,
    int DFf,
    int NumLayers,
    int NumDecoderLayers,
    int VocabSize,
    bool GatedFeedForward,
    bool TiedEmbeddings,
    long BaseParameters)
{
    /// <summary>Width of the attention projections' output (num_heads · d_kv); not always d_model.</summary>
    public int Inner => NumHeads * DKv;
}
