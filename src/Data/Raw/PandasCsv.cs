using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>A CSV as <c>pandas.read_csv</c> reads it with default settings, for what the scripts use: columns by header
/// name, blank lines skipped, a short row padded with missing values, a long row an error, and pandas' default NA
/// strings (empty, <c>NA</c>, <c>nan</c>, <c>None</c>, …) read as NaN — which the scripts then print as <c>nan</c>.
/// Deviation: a column pandas would read as numbers (every value numeric) keeps its text here.</summary>
internal sealed class PandasCsv
{
    /// <summary>pandas' <c>STR_NA_VALUES</c> (pandas/_libs/parsers.pyx).</summary>
    private static readonly HashSet<string> NaValues = new(StringComparer.Ordinal)
    {
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA",
        "NULL", "NaN", "None", "n/a", "nan", "null",
    };

    private readonly Dictionary<string, int> _columns;

    private PandasCsv(string path, string[] header, List<(int Line, string[] Fields)> rows)
    {
        Path = path;
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
            _columns.TryAdd(header[i], i);
        Width = header.Length;
        Rows = rows;
    }

    public string Path { get; }

    public int Width { get; }

    public IReadOnlyList<(int Line, string[] Fields)> Rows { get; }

    public static PandasCsv Read(string path)
    {
        var rows = RawFiles.ReadCsv(path).Where(r => !(r.Fields.Length == 1 && r.Fields[0].Length == 0)).ToList();
        if (rows.Count == 0)
            throw new DataFormatException(path, ["the file is empty (a header row is expected)"]);
        var header = rows[0].Fields;
        if (header.Length > 0 && header[0].StartsWith('\uFEFF'))
            header[0] = header[0][1..]; // pandas drops a UTF-8 byte-order mark
        return new PandasCsv(path, header, rows.Skip(1).ToList());
    }

    /// <summary>The index of each required column; missing ones are reported at once.</summary>
    public int[] Require(params string[] names)
    {
        var missing = names.Where(n => !_columns.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new DataFormatException(Path, [$"line 1: column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} missing from the header"]);
        return names.Select(n => _columns[n]).ToArray();
    }

    /// <summary>The cell, or null where pandas has NaN (an NA string or a cell past a short row's end).</summary>
    public static string? Cell(string[] fields, int column) =>
        column < fields.Length && !NaValues.Contains(fields[column]) ? fields[column] : null;
}
