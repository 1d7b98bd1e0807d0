using PeftU.Abstractions.Tasks;
using System.Text.Json;

namespace PeftU.Data.Format;

/// <summary>Reads <c>user_data_leaked.json</c> (<c>{user: {train|val|test: {sample_id: {text, label: [...]}}}}</c>) in
/// one forward pass over its bytes — no DOM, so memory stays near the file size — keeping file order, and validates it:
/// missing or unknown split, missing text, empty or unknown label, duplicate user or sample id. Every problem is
/// reported at once, each naming user and sample, in one <see cref="DataFormatException"/> naming the file.</summary>
public static class UserDataReader
{
    /// <summary>Reads and validates <paramref name="path"/>; <paramref name="allowedLabels"/> (the task's label set)
    /// rejects other labels, null accepts any.</summary>
    public static PersonalizedDataset Read(string path, IReadOnlyCollection<string>? allowedLabels = null)
    {
        if (!File.Exists(path))
            throw new DataFormatException(path, ["no such file (expected <data dir>/<task>/user_data_leaked.json)"]);
        return Parse(File.ReadAllBytes(path), path, allowedLabels);
    }

    public static PersonalizedDataset Parse(ReadOnlySpan<byte> json, string source, IReadOnlyCollection<string>? allowedLabels = null)
    {
        var problems = new List<string>();
        var users = new List<UserData>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, "the file must be a JSON object of users");
            var seenUsers = new HashSet<string>(StringComparer.Ordinal);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                string user = reader.GetString()!;
                if (!seenUsers.Add(user))
                    problems.Add($"user '{user}': appears twice");
                users.Add(ReadUser(ref reader, user, allowedLabels, problems));
            }
        }
        catch (JsonException e)
        {
            problems.Add($"invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}");
        }
        catch (FormatProblem e)
        {
            problems.Add(e.Message);
        }
        if (problems.Count > 0)
            throw new DataFormatException(source, problems);
        return new PersonalizedDataset(users);
    }

    private static UserData ReadUser(ref Utf8JsonReader reader, string user, IReadOnlyCollection<string>? allowedLabels, List<string> problems)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"user '{user}': must be an object of splits (train, val, test)");
        var splits = new Dictionary<SplitName, List<Sample>>();
        var seenSamples = new Dictionary<string, string>(StringComparer.Ordinal);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            var split = SplitNames.All.Cast<SplitName?>().FirstOrDefault(s => s!.Value.Key() == key);
            if (split is null)
            {
                problems.Add($"user '{user}': unknown split '{key}' (expected train, val, test)");
                reader.Read();
                reader.Skip();
                continue;
            }
            splits[split.Value] = ReadSplit(ref reader, user, key, seenSamples, allowedLabels, problems);
        }
        foreach (var missing in SplitNames.All.Where(s => !splits.ContainsKey(s)))
            problems.Add($"user '{user}': split '{missing.Key()}' is missing");
        return new UserData(user, Get(splits, SplitName.Train), Get(splits, SplitName.Val), Get(splits, SplitName.Test));
    }

    private static List<Sample> ReadSplit(ref Utf8JsonReader reader, string user, string split, Dictionary<string, string> seen,
        IReadOnlyCollection<string>? allowedLabels, List<string> problems)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"user '{user}', split '{split}': must be an object of samples");
        var samples = new List<Sample>();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string id = reader.GetString()!;
            string where = $"user '{user}', sample '{id}'";
            if (seen.TryGetValue(id, out var firstSplit))
                problems.Add($"{where}: duplicate sample id (already in '{firstSplit}')");
            else
                seen[id] = split;
            var sample = ReadSample(ref reader, id, where, problems);
            foreach (var label in sample.Labels.Where(l => allowedLabels is not null && !allowedLabels.Contains(l)))
                problems.Add($"{where}: unknown label '{label}' (the task's labels: {string.Join(", ", allowedLabels!)})");
            samples.Add(sample);
        }
        return samples;
    }

    private static Sample ReadSample(ref Utf8JsonReader reader, string id, string where, List<string> problems)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"{where}: must be an object with text and label");
        string? text = null;
        List<string>? labels = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            switch (key)
            {
                case "text" when reader.TokenType == JsonTokenType.String:
                    text = reader.GetString();
                    break;
                case "label":
                    labels = ReadLabels(ref reader, where, problems);
                    break;
                default:
                    reader.Skip(); // extra keys (e.g. annotator metadata) are allowed and ignored
                    break;
            }
        }
        if (text is null)
            problems.Add($"{where}: 'text' is missing or not a string");
        if (labels is null)
            problems.Add($"{where}: 'label' is missing");
        else if (labels.Count == 0)
            problems.Add($"{where}: 'label' is empty");
        return new Sample(id, text ?? "", labels ?? []);
    }

    private static List<string> ReadLabels(ref Utf8JsonReader reader, string where, List<string> problems)
    {
        if (reader.TokenType == JsonTokenType.String)
            return [reader.GetString()!]; // tolerate a bare string label
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            problems.Add($"{where}: 'label' must be a list of strings");
            reader.Skip();
            return [];
        }
        var labels = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
                labels.Add(reader.GetString()!);
            else if (reader.TokenType == JsonTokenType.Number)
                labels.Add(System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
            else
            {
                problems.Add($"{where}: labels must be strings");
                reader.Skip();
            }
        }
        return labels;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new FormatProblem("the file ends early (truncated JSON)");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string message)
    {
        if (reader.TokenType != type && (!reader.Read() || reader.TokenType != type))
            throw new FormatProblem(message);
    }

    private static IReadOnlyList<Sample> Get(Dictionary<SplitName, List<Sample>> splits, SplitName split) =>
        splits.TryGetValue(split, out var samples) ? samples : [];

    private sealed class FormatProblem(string message) : Exception(message);
}
