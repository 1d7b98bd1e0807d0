using System.Globalization;
using System.Text;

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
        IFormattable f when value.GetType().IsEnum => EnumName(f.ToString(null, CultureInfo.InvariantCulture)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable<string> list => string.Join(",", list),
        _ => value.ToString() ?? "",
    };

    /// <summary>Enum member name as option text: PascalCase becomes kebab-case (DecoderSelf → decoder-self, MLP → mlp).</summary>
    public static string EnumName(string memberName)
    {
        var sb = new StringBuilder(memberName.Length + 4);
        for (int i = 0; i < memberName.Length; i++)
        {
            char c = memberName[i];
            bool boundary = i > 0 && char.IsUpper(c) &&
                (char.IsLower(memberName[i - 1]) || (i + 1 < memberName.Length && char.IsLower(memberName[i + 1])));
            if (boundary) sb.Append('-');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
