namespace PeftU.Methods.PrefixTuning;

/// <summary>Where prefixes go: decoder self-attention only (what HF peft does on T5), or every attention (encoder self,
/// decoder self and cross, as the prefix-tuning paper).</summary>
public enum PrefixPlacement
{
    DecoderSelf,
    All,
}
