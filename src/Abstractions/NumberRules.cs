using System.Globalization;

namespace PeftU.Abstractions;

/// <summary>The one range check for every number a user gives — plugin options, experiment-file settings and CLI
/// arguments — so NaN, ±∞ (including a literal such as 1e400 that parses to ∞) and out-of-range values are refused the
/// same way everywhere.</summary>
public static class NumberRules
{
    /// <summary>Null when <paramref name="value"/> is finite and within [<paramref name="min"/>, <paramref name="max"/>]
    /// (either bound optional); otherwise why not, naming the allowed range.</summary>
    public static string? Problem(double value, double? min = null, double? max = null)
    {
        if (double.IsNaN(value))
            return "is not a number (NaN)" + Allowed(min, max);
        if (double.IsInfinity(value))
            return "is infinite or too large for a double" + Allowed(min, max);
        if ((min is { } lo && value < lo) || (max is { } hi && value > hi))
            return "is out of range" + Allowed(min, max);
        return null;
    }

    /// <summary>A number in invariant culture (also "1e-3"); false for text that is not one.</summary>
    public static bool TryParse(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>"0..1", "&gt;= 1", "&lt;= 5" or "" (no bounds).</summary>
    public static string Range(double? min, double? max) => (min, max) switch
    {
        ({ } lo, { } hi) => $"{Text(lo)}..{Text(hi)}",
        ({ } lo, null) => ">= " + Text(lo),
        (null, { } hi) => "<= " + Text(hi),
        _ => "",
    };

    private static string Allowed(double? min, double? max) => Range(min, max) is { Length: > 0 } range ? $" (allowed: {range})" : "";

    private static string Text(double d) => OptionFormat.Number(d);
}
