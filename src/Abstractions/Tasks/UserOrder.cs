using System.Globalization;
using System.Text.RegularExpressions;

namespace PeftU.Abstractions.Tasks;

/// <summary>The original's deterministic user order: all-decimal ids sort as integers, else all-hex ids (EPIC) as
/// base-16 integers, else <c>worker_N</c> ids (SubjectiveDiscourse) by N. Ids fitting none of these (the original
/// asserts) sort ordinally. The sort is stable, as Python's.</summary>
public static partial class UserOrder
{
    public static IReadOnlyList<T> Sort<T>(IReadOnlyList<T> items, Func<T, string> id)
    {
        var ids = items.Select(id).ToList();
        if (ids.All(IsDecimal))
            return [.. items.OrderBy(i => BigKey(id(i), 10))];
        if (ids.All(i => Hex().IsMatch(i)))
            return [.. items.OrderBy(i => BigKey(id(i), 16))];
        if (ids.All(i => Worker().IsMatch(i)))
            return [.. items.OrderBy(i => BigKey(Worker().Match(id(i)).Groups[1].Value, 10))];
        return [.. items.OrderBy(id, StringComparer.Ordinal)];
    }

    private static bool IsDecimal(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    // Ids can exceed 64 bits (hex hashes): compare as arbitrary-size integers.
    private static System.Numerics.BigInteger BigKey(string digits, int radix) =>
        radix == 10
            ? System.Numerics.BigInteger.Parse(digits, CultureInfo.InvariantCulture)
            : System.Numerics.BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    [GeneratedRegex("^[0-9a-f]+$")]
    private static partial Regex Hex();

    [GeneratedRegex(@"^worker_(\d+)$")]
    private static partial Regex Worker();
}
