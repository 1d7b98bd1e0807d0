using System.Buffers.Binary;
using System.Text.Json;
using PeftU.Core.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Checkpoints;

/// <summary>Reads a safetensors file (8-byte LE header length, JSON header, raw LE data) tensor by tensor, keeping the
/// stored dtype (BF16 stays BF16 until the caller converts), so a multi-GB checkpoint never sits in memory twice.</summary>
public sealed class SafetensorsReader : IDisposable
{
    private const long MaxHeaderBytes = 100_000_000;
    private readonly FileStream _stream;
    private readonly long _dataStart;

    private SafetensorsReader(string path, FileStream stream, IReadOnlyDictionary<string, SafetensorsEntry> entries,
        IReadOnlyDictionary<string, string> metadata, long dataStart)
    {
        Path = path;
        _stream = stream;
        Entries = entries;
        Metadata = metadata;
        _dataStart = dataStart;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, SafetensorsEntry> Entries { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static SafetensorsReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        try
        {
            Span<byte> lengthBytes = stackalloc byte[8];
            if (stream.Read(lengthBytes) != 8)
                throw Bad(path, "shorter than the 8-byte header length");
            long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > stream.Length)
                throw Bad(path, $"header length {headerLength} does not fit the file ({stream.Length} bytes)");
            var header = new byte[headerLength];
            stream.ReadExactly(header);
            var (entries, metadata) = ParseHeader(path, header, stream.Length - 8 - headerLength);
            return new SafetensorsReader(path, stream, entries, metadata, 8 + headerLength);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads one tensor in its stored dtype on the CPU.</summary>
    public Tensor Read(string name)
    {
        if (!Entries.TryGetValue(name, out var entry))
            throw new BackboneException($"{Path}: no tensor named '{name}'.");
        var tensor = empty(entry.Shape, dtype: entry.ScalarType);
        if (entry.ElementCount == 0)
            return tensor;
        _stream.Seek(_dataStart + entry.Begin, SeekOrigin.Begin);
        tensor.ReadBytesFromStream(_stream);
        return tensor;
    }

    public void Dispose() => _stream.Dispose();

    private static (Dictionary<string, SafetensorsEntry>, Dictionary<string, string>) ParseHeader(string path, byte[] header, long dataLength)
    {
        var entries = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw Bad(path, "header is not valid JSON: " + e.Message);
        }
        catch (ArgumentException e)
        {
            throw Bad(path, "header is not valid UTF-8 JSON: " + e.Message);
        }
        try
        {
            return ParseEntries(path, doc, dataLength, entries, metadata);
        }
        catch (InvalidOperationException e)
        {
            throw Bad(path, "header is not valid UTF-8 JSON: " + e.Message);  // names are decoded only when enumerated
        }
    }

    private static (Dictionary<string, SafetensorsEntry>, Dictionary<string, string>) ParseEntries(string path, JsonDocument doc, long dataLength,
        Dictionary<string, SafetensorsEntry> entries, Dictionary<string, string> metadata)
    {
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Bad(path, $"header must be a JSON object of tensors, got {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind != JsonValueKind.Object)
                        throw Bad(path, "__metadata__ must be an object of strings");
                    foreach (var m in property.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ToString();
                    continue;
                }
                if (property.Value.ValueKind != JsonValueKind.Object)
                    throw Bad(path, $"header entry '{property.Name}' must be an object with dtype, shape and data_offsets");
                entries[property.Name] = ParseEntry(path, property, dataLength);
            }
        }
        return (entries, metadata);
    }

    private static SafetensorsEntry ParseEntry(string path, JsonProperty property, long dataLength)
    {
        try
        {
            string dtype = property.Value.GetProperty("dtype").GetString()!;
            long[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            long[] offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            if (offsets.Length != 2 || shape.Any(d => d < 0))
                throw Bad(path, $"tensor '{property.Name}' needs two data_offsets and a shape of sizes >= 0");
            if (!SafetensorsDtypes.IsKnown(dtype))
                throw Bad(path, $"tensor '{property.Name}' has unsupported dtype {dtype}");
            var entry = new SafetensorsEntry(property.Name, dtype, shape, offsets[0], offsets[1]);
            long expected = entry.ElementCount * SafetensorsDtypes.SizeOf(dtype);
            if (offsets.Length != 2 || entry.Begin < 0 || entry.End > dataLength || entry.End - entry.Begin != expected)
                throw Bad(path, $"tensor '{property.Name}' has data offsets [{string.Join(", ", offsets)}] that do not match its shape and dtype ({expected} bytes) or the file");
            return entry;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException or OverflowException)
        {
            throw Bad(path, $"header entry '{property.Name}' is malformed ({e.Message})");
        }
    }

    private static BackboneException Bad(string path, string why) => new($"{path}: not a valid safetensors file: {why}.");
}
