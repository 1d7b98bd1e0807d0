namespace PeftU.Core.Experiments;

/// <summary>Allowed ranges of the numbers that both an experiment file and a CLI argument can set, so <c>plan</c>/<c>run</c>
/// and <c>generate</c>/<c>data prompts</c>/<c>budget</c> accept exactly the same values (checked by
/// <see cref="PeftU.Abstractions.NumberRules"/>).</summary>
public static class SettingLimits
{
    public static readonly (int Min, int Max) Threads = (1, 1024);

    /// <summary>Generated tokens per answer; labels are a few tokens, and each token costs a decoder pass.</summary>
    public static readonly (int Min, int Max) MaxNewTokens = (1, 4096);

    public static readonly (int Min, int Max) Shots = (0, 32);

    public static readonly (long Min, long Max) BudgetParams = (1, int.MaxValue);

    /// <summary>Relative deviation from a parameter budget (0.005 = 0.5%).</summary>
    public static readonly (double Min, double Max) Tolerance = (0, 1);

    /// <summary>Input tokens kept per text by <c>score</c>/<c>generate</c> (the longest input any T5 was trained on is far
    /// shorter; longer text only costs memory quadratic in its length).</summary>
    public const int MaxInputTokens = 2048;
}
