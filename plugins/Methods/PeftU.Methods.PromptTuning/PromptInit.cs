namespace PeftU.Methods.PromptTuning;

/// <summary>How virtual tokens start: random normal (peft RANDOM), the embeddings of prompt_init_text's tokens repeated to
/// num_virtual_tokens (peft TEXT), or the embeddings of random vocabulary tokens.</summary>
public enum PromptInit
{
    Random,
    Text,
    Vocab,
}
