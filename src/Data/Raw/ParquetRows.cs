using Parquet.Serialization;
using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>The rows of a parquet file (as the HF datasets store them), the named columns only, typed as stored.</summary>
internal static class ParquetRows
{
    public static List<(string Where, object?[] Values)> Read(string path, IReadOnlyList<string> columns)
    {
        DeserializationResult<Dictionary<string, object>> result;
        try
        {
            using var stream = File.OpenRead(path);
            result = ParquetSerializer.DeserializeUntypedAsync(stream).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or Parquet.ParquetException)
        {
            throw new DataFormatException(path, [$"not a readable parquet file: {e.Message}"]);
        }
        var names = result.Schema.GetDataFields().Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var missing = columns.Where(c => !names.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new DataFormatException(path, [$"column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} missing from the schema"]);
        var rows = new List<(string, object?[])>(result.Data.Count);
        for (int r = 0; r < result.Data.Count; r++)
            rows.Add(($"row {r + 1}", columns.Select(c => result.Data[r].TryGetValue(c, out var v) ? v : null).ToArray()));
        return rows;
    }
}
