using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PeftU.Core;

/// <summary>JSON settings of everything the project writes — run files, reports and every CLI <c>--json</c> output:
/// snake_case keys, indented, readable non-ASCII; doubles are written round-trippably (System.Text.Json's default), so
/// a regenerated report equals the first. NaN and ±∞ (a diverged user's validation loss) are written as the strings
/// "NaN", "Infinity" and "-Infinity" rather than failing the write.</summary>
public static class OutputJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
