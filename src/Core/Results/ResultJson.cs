using System.Text.Encodings.Web;
using System.Text.Json;

namespace PeftU.Core.Results;

/// <summary>JSON settings of every file a run writes: snake_case keys, indented, readable non-ASCII, and doubles written
/// as round-trippable numbers so a regenerated report equals the first.</summary>
public static class ResultJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
