using System.Globalization;
using System.Text.RegularExpressions;

namespace PeftU.Data.Raw;

/// <summary>Python's <c>int(text)</c> for the label cells: surrounding whitespace, a sign, digits with single
/// underscores between them.</summary>
public static partial class PythonInt
{
    public static bool TryParse(string text, out long value)
    {
        value = 0;
        string t = text.Trim();
        return IntPattern().IsMatch(t)
               && long.TryParse(t.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Python's <c>int(float(text))</c>: truncates toward zero; NaN and infinities raise there, fail here.</summary>
    public static bool TryParseTruncatedFloat(string text, out long value)
    {
        value = 0;
        if (!PythonLiteral.TryParseFloat(text, out double d) || double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) >= 9.2e18)
            return false;
        value = (long)Math.Truncate(d);
        return true;
    }

    [GeneratedRegex(@"^[+-]?[0-9]+(_[0-9]+)*$")]
    private static partial Regex IntPattern();
}
