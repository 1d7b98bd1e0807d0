using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PeftU.Data.Format;

/// <summary>A value read from JSON written back as Python's <c>json.dump(json.load(f))</c> would: integers as their
/// digits (Python ints are unbounded), other numbers as Python's float repr, strings escaped as <see cref="PythonJson"/>.
/// Used for fields the original copies from its input into its output (HateXplain's tokens and rationales).</summary>
public static class PythonJsonValue
{
    public static string ToJson(JsonElement value)
    {
        var json = new StringBuilder();
        Write(json, value);
        return json.ToString();
    }

    public static string String(string value)
    {
        var json = new StringBuilder();
        PythonJson.WriteString(json, value);
        return json.ToString();
    }

    public static string ToJson(IEnumerable<string> strings)
    {
        var json = new StringBuilder("[");
        bool first = true;
        foreach (var s in strings)
        {
            if (!first)
                json.Append(", ");
            first = false;
            PythonJson.WriteString(json, s);
        }
        return json.Append(']').ToString();
    }

    public static void Write(StringBuilder json, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                json.Append('{');
                bool firstKey = true;
                foreach (var property in value.EnumerateObject())
                {
                    if (!firstKey)
                        json.Append(", ");
                    firstKey = false;
                    PythonJson.WriteString(json, property.Name);
                    json.Append(": ");
                    Write(json, property.Value);
                }
                json.Append('}');
                break;
            case JsonValueKind.Array:
                json.Append('[');
                bool firstItem = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!firstItem)
                        json.Append(", ");
                    firstItem = false;
                    Write(json, item);
                }
                json.Append(']');
                break;
            case JsonValueKind.String:
                PythonJson.WriteString(json, value.GetString()!);
                break;
            case JsonValueKind.Number:
                json.Append(Number(value.GetRawText()));
                break;
            case JsonValueKind.True:
                json.Append("true");
                break;
            case JsonValueKind.False:
                json.Append("false");
                break;
            default:
                json.Append("null");
                break;
        }
    }

    /// <summary>Python's json module reads a number without '.', 'e' or 'E' as an int, anything else as a float.</summary>
    public static string Number(string raw)
    {
        if (raw.IndexOfAny(['.', 'e', 'E']) < 0)
            return raw == "-0" ? "0" : raw;
        return FloatRepr(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>Python's <c>repr(float)</c>: the shortest round-trip digits, positional for exponents -4..15
    /// (<c>1.0</c>, <c>0.0001</c>), else <c>1e+16</c> / <c>1.5e-05</c>; json writes infinities as <c>Infinity</c>.</summary>
    public static string FloatRepr(double value)
    {
        if (double.IsNaN(value))
            return "NaN";
        if (double.IsInfinity(value))
            return value > 0 ? "Infinity" : "-Infinity";
        // Shortest digits: "R" gives them, possibly in E-notation; normalise to digits + decimal exponent.
        string shortest = value.ToString("R", CultureInfo.InvariantCulture);
        bool negative = shortest.StartsWith('-');
        if (negative)
            shortest = shortest[1..];
        int exponent = 0;
        int e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            shortest = shortest[..e];
        }
        int dot = shortest.IndexOf('.');
        string digits = dot >= 0 ? shortest.Remove(dot, 1) : shortest;
        int pointAt = (dot >= 0 ? dot : shortest.Length) + exponent; // digits "d1d2…" with the point after pointAt digits
        int leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        pointAt -= leadingZeros;
        if (digits.Length == 0)
            return negative ? "-0.0" : "0.0";
        int decimalExponent = pointAt - 1; // scientific exponent of the first digit
        var text = new StringBuilder(negative ? "-" : "");
        if (decimalExponent is >= -4 and < 16)
        {
            if (pointAt <= 0)
                text.Append("0.").Append('0', -pointAt).Append(digits);
            else if (pointAt >= digits.Length)
                text.Append(digits).Append('0', pointAt - digits.Length).Append(".0");
            else
                text.Append(digits[..pointAt]).Append('.').Append(digits[pointAt..]);
        }
        else
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
                text.Append('.').Append(digits[1..]);
            text.Append('e').Append(decimalExponent < 0 ? '-' : '+').Append(Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
