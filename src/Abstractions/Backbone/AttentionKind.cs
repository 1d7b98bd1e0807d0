namespace PeftU.Abstractions.Backbone;

/// <summary>The three attention kinds of an encoder-decoder block.</summary>
public enum AttentionKind
{
    /// <summary>Bidirectional self-attention in an encoder block.</summary>
    EncoderSelf,

    /// <summary>Causal self-attention in a decoder block.</summary>
    DecoderSelf,

    /// <summary>Decoder attention over the encoder's output.</summary>
    DecoderCross,
}
