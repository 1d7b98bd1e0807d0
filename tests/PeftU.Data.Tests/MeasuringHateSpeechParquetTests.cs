using System.Globalization;
using Parquet.Schema;
using Parquet.Serialization;
using PeftU.Abstractions.Tasks;
using PeftU.Data.Format;
using PeftU.Data.Raw;
using PeftU.Data.Splits;

namespace PeftU.Data.Tests;

/// <summary>The HF dataset's parquet file (written here from the CSV fixture's rows with the dataset's column names and
/// types) prepares to the same bytes as the CSV export.</summary>
public sealed class MeasuringHateSpeechParquetTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "peftu-mhs-" + Guid.NewGuid().ToString("N"));

    public MeasuringHateSpeechParquetTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_parquet_file_prepares_to_the_same_bytes_as_the_csv()
    {
        string csv = PrepareReference.File("measuringhatespeech", MeasuringHateSpeechReader.CsvFile);
        await WriteParquet(Path.Combine(_dir, MeasuringHateSpeechReader.ParquetFile), csv);

        string fromParquet = UserDataWriter.ToJson(PeftUSplitter.Split(MeasuringHateSpeechReader.Read(_dir)));
        Assert.Equal(File.ReadAllText(PrepareReference.File("measuringhatespeech", "user_data_leaked.json")), fromParquet);
        Assert.Equal(fromParquet, UserDataWriter.ToJson(PeftUSplitter.Split(MeasuringHateSpeechReader.Read(Path.Combine(_dir, MeasuringHateSpeechReader.ParquetFile)))));
    }

    [Fact]
    public async Task A_parquet_file_without_a_needed_column_is_one_error_naming_it()
    {
        string path = Path.Combine(_dir, MeasuringHateSpeechReader.ParquetFile);
        var schema = new ParquetSchema(new DataField<int>("comment_id"), new DataField<string>("text"));
        await using (var stream = File.Create(path))
            await ParquetSerializer.SerializeUntypedAsync([new Dictionary<string, object?> { ["comment_id"] = 1, ["text"] = "t" }], schema, stream);
        var error = Assert.Throws<DataFormatException>(() => MeasuringHateSpeechReader.Read(path));
        Assert.Contains("'annotator_id', 'hatespeech' missing", error.Message);
    }

    /// <summary>comment_id and annotator_id int, text string, hatespeech double (as in the HF dataset), plus a column
    /// the preparer does not read.</summary>
    private static async Task WriteParquet(string path, string csvPath)
    {
        var rows = CsvReader.Read(new StringReader(File.ReadAllText(csvPath))).ToList();
        var header = rows[0].Fields.ToList();
        int Col(string name) => header.IndexOf(name);
        var data = rows.Skip(1).Select(r => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["comment_id"] = int.Parse(r.Fields[Col("comment_id")], CultureInfo.InvariantCulture),
            ["annotator_id"] = int.Parse(r.Fields[Col("annotator_id")], CultureInfo.InvariantCulture),
            ["platform"] = int.Parse(r.Fields[Col("platform")], CultureInfo.InvariantCulture),
            ["text"] = r.Fields[Col("text")],
            ["hatespeech"] = double.Parse(r.Fields[Col("hatespeech")], CultureInfo.InvariantCulture),
        }).ToList();
        var schema = new ParquetSchema(new DataField<int>("comment_id"), new DataField<int>("annotator_id"), new DataField<int>("platform"),
            new DataField<string>("text"), new DataField<double>("hatespeech"));
        await using var stream = File.Create(path);
        await ParquetSerializer.SerializeUntypedAsync(data, schema, stream);
    }
}
