using System.Text;
using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>Opens a raw file as strict UTF-8, as the original's Python reads it: a byte that is not UTF-8 (say a latin-1
/// 'é') is an error at its line and column, never a silent U+FFFD in the prepared data the original could not have made.</summary>
public static class RawText
{
    public static TextReader Open(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int bad = FirstInvalid(bytes);
        if (bad >= 0)
        {
            int line = 1, column = 1;
            for (int i = 0; i < bad; i++)
            {
                if (bytes[i] == '\n')
                    (line, column) = (line + 1, 1);
                else if ((bytes[i] & 0xC0) != 0x80)
                    column++;
            }
            throw new DataFormatException(path, [$"line {line}, column {column}: byte 0x{bytes[bad]:X2} is not valid UTF-8; the file must be UTF-8 " +
                                                 "(convert it, e.g. `iconv -f latin1 -t utf-8`)"]);
        }
        int start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;  // utf-8-sig: a BOM is not text
        return new StringReader(Encoding.UTF8.GetString(bytes, start, bytes.Length - start));
    }

    /// <summary>Offset of the first byte that does not start a valid UTF-8 sequence, or -1.</summary>
    private static int FirstInvalid(byte[] bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
            return -1;
        for (int i = 0; i < bytes.Length;)
        {
            if (Rune.DecodeFromUtf8(bytes.AsSpan(i), out _, out int used) != System.Buffers.OperationStatus.Done)
                return i;
            i += used;
        }
        return -1;
    }
}
