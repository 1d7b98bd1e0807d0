namespace PeftU.Abstractions.Backbone;

/// <summary>Which half of the encoder-decoder a site sits in.</summary>
public enum StackKind
{
    Encoder,
    Decoder,
}
