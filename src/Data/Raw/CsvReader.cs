using System.Text;

namespace PeftU.Data.Raw;

/// <summary>RFC 4180 CSV as Python's <c>csv.reader</c> reads it from a text-mode file: quoted fields with <c>""</c>
/// escapes and embedded newlines; <c>\r\n</c> and <c>\r</c> read as <c>\n</c> (Python's universal newlines).</summary>
public static class CsvReader
{
    public static IEnumerable<(int Line, string[] Fields)> Read(TextReader reader, char delimiter = ',')
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int line = 1, rowLine = 1;
        int c;
        while ((c = reader.Read()) != -1)
        {
            char ch = (char)c;
            if (ch == '\r')
            {
                if (reader.Peek() == '\n')
                    reader.Read();
                ch = '\n';
            }
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                        line++;
                    field.Append(ch);
                }
                continue;
            }
            any = true;
            if (ch == '"' && field.Length == 0)
                quoted = true;
            else if (ch == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                yield return (rowLine, fields.ToArray());
                fields.Clear();
                any = false;
                rowLine = ++line;
            }
            else
                field.Append(ch);
        }
        if (any || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (rowLine, fields.ToArray());
        }
    }
}
