using System.Globalization;
using System.Text;

namespace PeftU.Data.Raw;

/// <summary>The two Python literal forms the raw files use: <c>float(text)</c> and <c>ast.literal_eval</c> of a list of
/// strings (<c>['a', "b"]</c>, with backslash escapes).</summary>
public static class PythonLiteral
{
    public static bool TryParseFloat(string text, out double value)
    {
        string t = text.Trim().Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        switch (t.TrimStart('+', '-'))
        {
            case "nan":
                value = double.NaN;
                return true;
            case "inf" or "infinity":
                value = t.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
        }
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses <c>[…]</c> of quoted strings; null when the text is not such a list.</summary>
    public static List<string>? ParseStringList(string text)
    {
        var items = new List<string>();
        int i = SkipSpace(text, 0);
        if (i >= text.Length || text[i] != '[')
            return null;
        i = SkipSpace(text, i + 1);
        while (i < text.Length && text[i] != ']')
        {
            if (text[i] is not ('\'' or '"'))
                return null;
            char quote = text[i++];
            var item = new StringBuilder();
            while (i < text.Length && text[i] != quote)
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                    item.Append(text[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => text[i] });
                }
                else
                {
                    item.Append(text[i]);
                }
                i++;
            }
            if (i >= text.Length)
                return null;
            items.Add(item.ToString());
            i = SkipSpace(text, i + 1);
            if (i < text.Length && text[i] == ',')
                i = SkipSpace(text, i + 1);
        }
        return i < text.Length && SkipSpace(text, i + 1) == text.Length ? items : null;
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
            i++;
        return i;
    }
}
