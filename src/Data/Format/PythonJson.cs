using PeftU.Abstractions.Tasks;
using System.Globalization;
using System.Text;

namespace PeftU.Data.Format;

/// <summary>JSON text exactly as Python's <c>json.dump(obj, f)</c> writes it with default settings: <c>", "</c> and
/// <c>": "</c> separators, no indent, non-ASCII escaped as <c>\uXXXX</c> (surrogate pairs beyond the BMP), so files
/// written here are byte-identical to the original preprocessing output.</summary>
public static class PythonJson
{
    public static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7E)
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
    }
}
