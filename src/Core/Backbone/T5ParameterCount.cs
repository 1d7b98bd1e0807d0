namespace PeftU.Core.Backbone;

/// <summary>The number of parameters a T5 config defines, computed from the config alone (no allocation).
/// Must equal the module's real count; a test checks both on the fixtures.</summary>
public static class T5ParameterCount
{
    /// <exception cref="OverflowException">The count does not fit a long (an absurd config; <see cref="T5Config.Parse"/> refuses it).</exception>
    public static long Count(T5Config c)
    {
        checked
        {
        long d = c.DModel, inner = c.Inner;
        long attention = 4 * d * inner;
        long feedForward = (c.GatedFeedForward ? 3 : 2) * d * c.DFf;
        long positionBias = (long)c.RelativeAttentionNumBuckets * c.NumHeads; // only block 0 of each stack owns one
        long embedding = (long)c.VocabSize * d;

        long encoderBlock = attention + feedForward + 2 * d;
        long decoderBlock = 2 * attention + feedForward + 3 * d;
        long encoder = c.NumLayers * encoderBlock + positionBias + d;
        long decoder = c.NumDecoderLayers * decoderBlock + positionBias + d;
        long head = c.TieWordEmbeddings ? 0 : embedding;
        return embedding + encoder + decoder + head;
        }
    }
}
