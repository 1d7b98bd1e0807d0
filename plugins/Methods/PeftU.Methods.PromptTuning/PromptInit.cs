namespace PeftU.Methods.PromptTuning;

/// <summary>How virtual tokens start: random normal (peft RANDOM) or copies of the embeddings of random vocabulary tokens.</summary>
public enum PromptInit
{
    Random,
    Vocab,
}
