using System.Text.Json;
using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>A raw JSON file parsed whole, as the original's <c>json.load</c>; a syntax error names its line.</summary>
internal static class RawJson
{
    public static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(RawFiles.ReadText(path), new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, [$"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: not valid JSON ({e.Message})"]);
        }
    }

    /// <summary>A JSON object key as Python writes it back: strings as is, integers as their digits.</summary>
    public static string? Key(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.GetRawText().IndexOfAny(['.', 'e', 'E']) < 0 => Format.PythonJsonValue.Number(value.GetRawText()),
        _ => null,
    };
}
