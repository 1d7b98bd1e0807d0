using System.Text.Json.Serialization;

namespace PeftU.Serving;

/// <summary>What the server answers for one request. <see cref="Module"/> is the user whose module answered, or
/// <c>base</c> when the frozen backbone did (a frozen method, or a fallback for a user without a module).</summary>
public sealed record PredictAnswer(
    string User,
    string Task,
    string Method,
    string Module,
    IReadOnlyList<string> Labels,
    IReadOnlyDictionary<string, double>? Scores,
    string? Generated,
    int InputTokens,
    bool Truncated,
    bool Fallback,
    string? Note)
{
    public const string BaseModule = "base";

    /// <summary>The first (for single-label tasks the only) label; null when a generated text named none.</summary>
    [JsonPropertyOrder(-1)]
    public string? Label => Labels.Count > 0 ? Labels[0] : null;
}
