using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>A raw CSV/TSV as the original's <c>load_csv</c> reads it (peft_u/preprocess/convert_data_format.py): the
/// first row is the header, the others are data rows whose fields the scripts take by position.</summary>
internal sealed class PositionalCsv
{
    private PositionalCsv(string path, string[] header, List<(int Line, string[] Fields)> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
    }

    public string Path { get; }

    public string[] Header { get; }

    public IReadOnlyList<(int Line, string[] Fields)> Rows { get; }

    public static PositionalCsv Read(string path, char delimiter)
    {
        var rows = RawFiles.ReadCsv(path, delimiter);
        if (rows.Count == 0)
            throw new DataFormatException(path, ["the file is empty (a header row is expected)"]);
        return new PositionalCsv(path, rows[0].Fields, rows.Skip(1).ToList());
    }

    /// <summary>Column <paramref name="index"/> named by the header (0-based in the scripts, 1-based here).</summary>
    public string Column(int index) => index < Header.Length ? $"column {index + 1} ('{Header[index]}')" : $"column {index + 1}";

    /// <summary>False (and a problem) when the row is too short for the original's <c>row[index]</c>.</summary>
    public bool Has(int line, string[] fields, int index, List<string> problems)
    {
        if (fields.Length > index)
            return true;
        problems.Add($"line {line}: {fields.Length} field(s), {Column(index)} is missing");
        return false;
    }
}
