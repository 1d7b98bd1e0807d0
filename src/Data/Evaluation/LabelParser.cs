namespace PeftU.Data.Evaluation;

/// <summary>The original's lenient reading of generated text (<c>GetPredId</c>): split on ",", strip, drop the suffixes
/// ".", "'", "ing", "ed" (each once, in that order), and map a piece that is a substring of a label option to the
/// first such option. A prediction is correct when any piece is one of the gold labels.</summary>
public static class LabelParser
{
    private static readonly string[] Suffixes = [".", "'", "ing", "ed"];

    /// <summary>The label options the generated text names, in order (pieces naming no option dropped).</summary>
    public static IReadOnlyList<string> Parse(string generated, IReadOnlyList<string> labelOptions) =>
        generated.Split(',').Select(piece => Lenient(piece, labelOptions)).Where(labelOptions.Contains).ToList();

    /// <summary>True when the generated text names one of <paramref name="gold"/>.</summary>
    public static bool IsCorrect(string generated, IReadOnlyList<string> gold, IReadOnlyList<string> labelOptions) =>
        Parse(generated, labelOptions).Any(gold.Contains);

    /// <summary>The label the metric counts as predicted: the first parsed piece that is gold, else the first parsed
    /// piece, else null (nothing recognisable: wrong).</summary>
    public static string? Predicted(string generated, IReadOnlyList<string> gold, IReadOnlyList<string> labelOptions)
    {
        var parsed = Parse(generated, labelOptions);
        return parsed.FirstOrDefault(gold.Contains) ?? parsed.FirstOrDefault();
    }

    private static string Lenient(string piece, IReadOnlyList<string> labelOptions)
    {
        string text = piece.Trim();
        foreach (var suffix in Suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
                text = text[..^suffix.Length];
        }
        // Quirk kept from the original: "" is a substring of every label, so an empty piece maps to the first option.
        return labelOptions.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) ?? text;
    }
}
