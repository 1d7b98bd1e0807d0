using System.Text.Json;
using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>The GoEmotions paper's grouping of its 27 emotions into Ekman's six (Demszky et al., 2020), which the
/// original reads from <c>data/goemotion/ekman_mapping.json</c>; <c>neutral</c> maps to itself
/// (peft_u/write_data/prepare_goemotion.py). The facts are embedded so no file needs to be copied.</summary>
public static class EkmanMapping
{
    public const string FileName = "ekman_mapping.json";

    public static IReadOnlyList<KeyValuePair<string, string[]>> Published { get; } =
    [
        new("anger", ["anger", "annoyance", "disapproval"]),
        new("disgust", ["disgust"]),
        new("fear", ["fear", "nervousness"]),
        new("joy", ["joy", "amusement", "approval", "excitement", "gratitude", "love", "optimism", "relief", "pride", "admiration", "desire", "caring"]),
        new("sadness", ["sadness", "disappointment", "embarrassment", "grief", "remorse"]),
        new("surprise", ["surprise", "realization", "confusion", "curiosity"]),
    ];

    /// <summary>Fine emotion → Ekman emotion, from the grouping in order (a fine emotion listed twice: the last wins,
    /// as the original's dict comprehension), plus <c>neutral</c>.</summary>
    public static Dictionary<string, string> FineToEkman(IEnumerable<KeyValuePair<string, string[]>> grouping)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (ekman, fines) in grouping)
        {
            foreach (var fine in fines)
                map[fine] = ekman;
        }
        map["neutral"] = "neutral";
        return map;
    }

    /// <summary>The grouping in <paramref name="path"/> (an object of lists of strings).</summary>
    public static List<KeyValuePair<string, string[]>> Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(RawFiles.ReadText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new DataFormatException(path, ["must be an object {ekman_emotion: [emotion, ...]}"]);
            var grouping = new List<KeyValuePair<string, string[]>>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Array || property.Value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                    throw new DataFormatException(path, [$"field '{property.Name}': must be a list of emotion names"]);
                grouping.Add(new(property.Name, property.Value.EnumerateArray().Select(e => e.GetString()!).ToArray()));
            }
            return grouping;
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, [$"line {e.LineNumber + 1}: not valid JSON: {e.Message}"]);
        }
    }
}
