using System.Text;
using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>Finding and reading a task's raw files: <c>--raw</c> is the task's folder (laid out as the original
/// repository's <c>data/&lt;task&gt;/</c>) or one file in it. Text is decoded as strict UTF-8, as Python's
/// <c>open()</c> does on Linux, so a byte that is not UTF-8 fails (naming its line) instead of turning into U+FFFD.</summary>
public static class RawFiles
{
    /// <summary>The file <paramref name="name"/> of the task: in the folder <paramref name="rawPath"/>, the file itself,
    /// or (for a task with several files) the file beside it.</summary>
    public static string Find(string rawPath, string name, bool sibling = false)
    {
        string path = Directory.Exists(rawPath) ? Path.Combine(rawPath, name)
            : sibling ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(rawPath))!, name)
            : rawPath;
        if (!File.Exists(path))
            throw new DataFormatException(path, [$"no such file (expected {name}{(Directory.Exists(rawPath) ? "" : " or its folder")})"]);
        return path;
    }

    public static string ReadText(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            int at = Math.Max(0, e.Index);
            int line = 1 + bytes.AsSpan(0, Math.Min(at, bytes.Length)).Count((byte)'\n');
            throw new DataFormatException(path, [$"line {line}: byte 0x{(at < bytes.Length ? bytes[at] : 0):x2} at offset {at} is not UTF-8 (the original reads the file as UTF-8)"]);
        }
    }

    /// <summary>All rows of a CSV/TSV file as Python's <c>csv.reader</c> reads them.</summary>
    public static List<(int Line, string[] Fields)> ReadCsv(string path, char delimiter = ',') =>
        CsvReader.Read(new StringReader(ReadText(path)), delimiter).ToList();
}
