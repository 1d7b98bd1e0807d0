using System.Globalization;
using PeftU.Abstractions.Tasks;
using PeftU.Data.Format;

namespace PeftU.Data.Raw;

/// <summary>MeasuringHateSpeech (HF <c>ucberkeley-dlab/measuring-hate-speech</c>, <c>train</c> split) as
/// peft_u/write_data/prepare_measuringhatespeech.py reads it: per row <c>str(comment_id)</c>, <c>str(annotator_id)</c>,
/// <c>text</c> and <c>str(int(hatespeech))</c> (<c>0</c>/<c>1</c>/<c>2</c>); a later row for the same
/// (annotator, comment) replaces the earlier one in place. Reads the dataset's parquet file or a CSV export with the same
/// column names (<c>.parquet</c> by extension; a folder holds <c>measuring-hate-speech.parquet</c> or <c>.csv</c>).</summary>
public static class MeasuringHateSpeechReader
{
    public const string ParquetFile = "measuring-hate-speech.parquet", CsvFile = "measuring-hate-speech.csv";

    internal static readonly string[] Columns = ["comment_id", "annotator_id", "text", "hatespeech"];

    public static RawAnnotations Read(string rawPath)
    {
        string path = Directory.Exists(rawPath) && File.Exists(Path.Combine(rawPath, ParquetFile))
            ? Path.Combine(rawPath, ParquetFile)
            : RawFiles.Find(rawPath, CsvFile);
        var rows = path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? ParquetRows.Read(path, Columns) : CsvRows(path);
        var problems = new List<string>();
        var annotations = new RawAnnotations();
        foreach (var (where, values) in rows)
        {
            string? post = PythonStr(values[0]), user = PythonStr(values[1]);
            string? text = values[2] as string;
            string? label = Label(values[3]);
            if (post is null)
                problems.Add($"{where}: 'comment_id' is missing");
            if (user is null)
                problems.Add($"{where}: 'annotator_id' is missing");
            if (text is null)
                problems.Add($"{where}: 'text' is missing or not text");
            if (label is null)
                problems.Add($"{where}: 'hatespeech' is '{values[3]}', expected a number (0, 1 or 2)");
            if (post is not null && user is not null && text is not null && label is not null)
                annotations.Add(user, new Sample(post, text, [label]));
        }
        if (problems.Count > 0)
            throw new DataFormatException(path, problems);
        return annotations;
    }

    /// <summary>The CSV export's cells, typed as pandas would read the dataset's columns: ids as integers, the score
    /// as a float, the text as is.</summary>
    private static IEnumerable<(string Where, object?[] Values)> CsvRows(string path)
    {
        var csv = PandasCsv.Read(path);
        var columns = csv.Require(Columns);
        var problems = new List<string>();
        var rows = new List<(string, object?[])>();
        foreach (var (line, fields) in csv.Rows)
        {
            string Cell(int c) => columns[c] < fields.Length ? fields[columns[c]] : "";
            var values = new object?[4];
            for (int c = 0; c < 2; c++)
            {
                if (PythonInt.TryParse(Cell(c), out long id))
                    values[c] = id;
                else
                    problems.Add($"line {line}: column '{Columns[c]}' is '{Cell(c)}', expected an integer");
            }
            values[2] = Cell(2);
            values[3] = PythonLiteral.TryParseFloat(Cell(3), out double score) ? score : Cell(3);
            rows.Add(($"line {line}", values));
        }
        if (problems.Count > 0)
            throw new DataFormatException(path, problems);
        return rows;
    }

    /// <summary>Python's <c>str()</c> of an id cell.</summary>
    private static string? PythonStr(object? value) => value switch
    {
        long or int or short => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        double d => PythonJsonValue.FloatRepr(d),
        float f => PythonJsonValue.FloatRepr(f),
        string s => s,
        _ => null,
    };

    /// <summary><c>str(int(x))</c>: truncates toward zero; NaN, infinities and non-numbers raise in the original.</summary>
    private static string? Label(object? value)
    {
        double d = value switch
        {
            double x => x,
            float x => x,
            long or int or short => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            _ => double.NaN,
        };
        return double.IsNaN(d) || double.IsInfinity(d) ? null : ((long)Math.Truncate(d)).ToString(CultureInfo.InvariantCulture);
    }
}
