namespace PeftU.Abstractions.Tasks;

/// <summary>How prompts are built: at most <paramref name="Shots"/> demos (0 = zero-shot; the original uses 3), and
/// whether to keep the original's quirks (<paramref name="Faithful"/>, default) or fix them.</summary>
public sealed record PromptOptions(int Shots = 3, bool Faithful = true);
