namespace PeftU.Abstractions.Methods;

/// <summary>Optional, for methods that prepend virtual tokens to the encoder input (prompt tuning, P-tuning): how many,
/// so a plan can cost the longer sequences (a 144-token soft prompt costs more than the text it precedes).</summary>
public interface IExtendsEncoderInput
{
    int EncoderInputTokens { get; }
}
