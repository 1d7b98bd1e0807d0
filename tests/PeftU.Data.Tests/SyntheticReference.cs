using System.Text.Json;
using PeftU.Testing;

namespace PeftU.Data.Tests;

/// <summary>The original code's outputs on the project's synthetic raw file (tests/fixtures/peft-u-synthetic), and the
/// real TweetEval reference under ../shared when present (never committed: no licence).</summary>
internal static class SyntheticReference
{
    public static string Dir => Path.Combine(RepoPaths.Fixtures, "peft-u-synthetic");

    public static string File(string name) => Path.Combine(Dir, name);

    public static JsonElement Json(string path) => JsonDocument.Parse(System.IO.File.ReadAllBytes(path)).RootElement;

    public const string TweetEvalInstruction =
        "Please review the following text and indicate if it has the presence of hate speech. Respond 'Hateful' if the text contains hate speech and 'Non-hateful' if the text does not contain hate speech.";

    /// <summary>../shared/data/peft-u beside the repository (CI and development machines have it).</summary>
    public static string SharedPeftU => Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "data", "peft-u"));
}
