using System.Globalization;
using System.Text.Json;
using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>Cockamamie's <c>cockamamie.json</c> as peft_u/write_data/prepare_cockamamie.py reads it:
/// <c>word_ratings.votes</c> is a list of <c>{word: {no_votes: [voter…], yes_votes: [voter…]}}</c>. A word's sample id
/// is its number in order of first appearance (an int there, so written as a string key); the text is the word.
/// No-votes are applied before yes-votes, so a voter on both sides ends up with <c>yes</c> at the no-vote's
/// position.</summary>
public static class CockamamieReader
{
    public const string FileName = "cockamamie.json";

    public static RawAnnotations Read(string rawPath)
    {
        string path = RawFiles.Find(rawPath, FileName);
        using var document = RawJson.Parse(path);
        var problems = new List<string>();
        if (!(document.RootElement.ValueKind == JsonValueKind.Object
              && document.RootElement.TryGetProperty("word_ratings", out var ratings) && ratings.ValueKind == JsonValueKind.Object
              && ratings.TryGetProperty("votes", out var votes) && votes.ValueKind == JsonValueKind.Array))
            throw new DataFormatException(path, ["field 'word_ratings.votes' is missing or not a list"]);

        var annotations = new RawAnnotations();
        var wordIds = new Dictionary<string, int>(StringComparer.Ordinal);
        int index = 0;
        foreach (var item in votes.EnumerateArray())
        {
            string at = $"word_ratings.votes[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"field '{at}': not an object {{word: {{no_votes, yes_votes}}}}");
                continue;
            }
            foreach (var word in item.EnumerateObject())
            {
                foreach (var (side, label) in new[] { ("no_votes", "no"), ("yes_votes", "yes") })
                {
                    if (word.Value.ValueKind != JsonValueKind.Object || !word.Value.TryGetProperty(side, out var voters) || voters.ValueKind != JsonValueKind.Array)
                    {
                        problems.Add($"field '{at}.{word.Name}.{side}': missing or not a list");
                        continue;
                    }
                    foreach (var voter in voters.EnumerateArray())
                    {
                        if (RawJson.Key(voter) is not { } user)
                        {
                            problems.Add($"field '{at}.{word.Name}.{side}': voter {voter.GetRawText()} is not a string or integer");
                            continue;
                        }
                        // The original assigns the id on the first vote, so a word nobody voted on takes no number.
                        if (!wordIds.TryGetValue(word.Name, out int id))
                            wordIds[word.Name] = id = wordIds.Count;
                        annotations.Add(user, new Sample(id.ToString(CultureInfo.InvariantCulture), word.Name, [label]));
                    }
                }
            }
        }
        if (problems.Count > 0)
            throw new DataFormatException(path, problems);
        return annotations;
    }
}
