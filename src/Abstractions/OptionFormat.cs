using System.Globalization;

namespace PeftU.Abstractions;

/// <summary>Canonical, culture-invariant text for option values, so listings, reports and snapshots never depend on the
/// machine's locale.</summary>
public static class OptionFormat
{
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        double d => Number(d),
        float f => Number(f),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable<string> list => string.Join(",", list),
        _ => value.ToString() ?? "",
    };
}
