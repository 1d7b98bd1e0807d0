using System.Text.Encodings.Web;
using System.Text.Json;

namespace PeftU.Host.Cli;

/// <summary>JSON settings of every <c>--json</c> output: snake_case keys, indented, readable non-ASCII.</summary>
public static class CliJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
