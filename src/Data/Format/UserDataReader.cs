using System.Text.Json;
using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Format;

/// <summary>Reads <c>user_data_leaked.json</c> (<c>{user: {train|val|test: {sample_id: {text, label: [...]}}}}</c>) as a
/// token stream — memory bounded by the data kept, not by a DOM or the file — keeping file order, and validates it:
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
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Parse(stream, path, allowedLabels);
    }

    public static PersonalizedDataset Parse(ReadOnlySpan<byte> json, string source, IReadOnlyCollection<string>? allowedLabels = null)
    {
        using var stream = new MemoryStream(json.ToArray());
        return Parse(stream, source, allowedLabels);
    }

    public static PersonalizedDataset Parse(Stream stream, string source, IReadOnlyCollection<string>? allowedLabels = null)
    {
        var problems = new List<string>();
        var users = new List<UserData>();
        var tokens = new JsonTokenStream(stream);
        try
        {
            Expect(tokens, JsonTokenType.StartObject, "the file must be a JSON object of users");
            var seenUsers = new HashSet<string>(StringComparer.Ordinal);
            while (NextProperty(tokens) is { } user)
            {
                if (!seenUsers.Add(user))
                    problems.Add($"user '{user}': appears twice");
                users.Add(ReadUser(tokens, user, allowedLabels, problems));
            }
            if (tokens.Read())
                problems.Add($"content after the end of the JSON object near byte {tokens.Position}");
        }
        catch (JsonException e)
        {
            problems.Add($"invalid JSON near byte {tokens.Position}: {e.Message}");
        }
        catch (FormatProblem e)
        {
            problems.Add(e.Message);
        }
        if (problems.Count > 0)
            throw new DataFormatException(source, problems);
        return new PersonalizedDataset(users);
    }

    private static UserData ReadUser(JsonTokenStream tokens, string user, IReadOnlyCollection<string>? allowedLabels, List<string> problems)
    {
        Expect(tokens, JsonTokenType.StartObject, $"user '{user}': must be an object of splits (train, val, test)");
        var splits = new Dictionary<SplitName, List<Sample>>();
        var seenSamples = new Dictionary<string, string>(StringComparer.Ordinal);
        while (NextProperty(tokens) is { } key)
        {
            var split = SplitNames.All.Cast<SplitName?>().FirstOrDefault(s => s!.Value.Key() == key);
            if (split is null)
            {
                problems.Add($"user '{user}': unknown split '{key}' (expected train, val, test)");
                tokens.SkipValue();
                continue;
            }
            splits[split.Value] = ReadSplit(tokens, user, key, seenSamples, allowedLabels, problems);
        }
        foreach (var missing in SplitNames.All.Where(s => !splits.ContainsKey(s)))
            problems.Add($"user '{user}': split '{missing.Key()}' is missing");
        return new UserData(user, Get(splits, SplitName.Train), Get(splits, SplitName.Val), Get(splits, SplitName.Test));
    }

    private static List<Sample> ReadSplit(JsonTokenStream tokens, string user, string split, Dictionary<string, string> seen,
        IReadOnlyCollection<string>? allowedLabels, List<string> problems)
    {
        Expect(tokens, JsonTokenType.StartObject, $"user '{user}', split '{split}': must be an object of samples");
        var samples = new List<Sample>();
        while (NextProperty(tokens) is { } id)
        {
            string where = $"user '{user}', sample '{id}'";
            if (seen.TryGetValue(id, out var firstSplit))
                problems.Add($"{where}: duplicate sample id (already in '{firstSplit}')");
            else
                seen[id] = split;
            var sample = ReadSample(tokens, id, where, problems);
            foreach (var label in sample.Labels.Where(l => allowedLabels is not null && !allowedLabels.Contains(l)))
                problems.Add($"{where}: unknown label '{label}' (the task's labels: {string.Join(", ", allowedLabels!)})");
            samples.Add(sample);
        }
        return samples;
    }

    private static Sample ReadSample(JsonTokenStream tokens, string id, string where, List<string> problems)
    {
        Expect(tokens, JsonTokenType.StartObject, $"{where}: must be an object with text and label");
        string? text = null;
        List<string>? labels = null;
        bool labelReported = false;  // a bad label was reported already; "empty" would only repeat it
        while (NextProperty(tokens) is { } key)
        {
            switch (key)
            {
                case "text":
                    Next(tokens);
                    if (tokens.InvalidText is { } invalid)
                    {
                        problems.Add($"{where}: 'text' {invalid} near byte {tokens.Position}");
                        text = "";
                    }
                    else if (tokens.TokenType == JsonTokenType.String)
                        text = tokens.Text;
                    else
                        tokens.SkipValue();
                    break;
                case "label":
                    Next(tokens);
                    int before = problems.Count;
                    labels = ReadLabels(tokens, where, problems);
                    labelReported = problems.Count > before;
                    break;
                default:
                    tokens.SkipValue(); // extra keys (e.g. annotator metadata) are allowed and ignored
                    break;
            }
        }
        if (text is null)
            problems.Add($"{where}: 'text' is missing or not a string");
        if (labels is null)
            problems.Add($"{where}: 'label' is missing");
        else if (labels.Count == 0 && !labelReported)
            problems.Add($"{where}: 'label' is empty");
        return new Sample(id, text ?? "", labels ?? []);
    }

    private static List<string> ReadLabels(JsonTokenStream tokens, string where, List<string> problems)
    {
        if (tokens.InvalidText is { } bad)
        {
            problems.Add($"{where}: 'label' {bad} near byte {tokens.Position}");
            return [];
        }
        if (tokens.TokenType == JsonTokenType.String)
            return [tokens.Text!]; // tolerate a bare string label
        if (tokens.TokenType != JsonTokenType.StartArray)
        {
            problems.Add($"{where}: 'label' must be a list of strings");
            tokens.SkipValue();
            return [];
        }
        var labels = new List<string>();
        while (Next(tokens) != JsonTokenType.EndArray)
        {
            if (tokens.InvalidText is { } invalid)
                problems.Add($"{where}: a label {invalid} near byte {tokens.Position}");
            else if (tokens.TokenType is JsonTokenType.String or JsonTokenType.Number)
                labels.Add(tokens.Text!);
            else
            {
                problems.Add($"{where}: labels must be strings");
                tokens.SkipValue();
            }
        }
        return labels;
    }

    /// <summary>The next property name of the current object, or null at its end.</summary>
    private static string? NextProperty(JsonTokenStream tokens)
    {
        if (Next(tokens) != JsonTokenType.PropertyName)
            return null;
        return tokens.InvalidText is { } invalid ? throw new FormatProblem($"a user or sample id near byte {tokens.Position} {invalid}") : tokens.Text;
    }

    private static JsonTokenType Next(JsonTokenStream tokens) =>
        tokens.Read() ? tokens.TokenType : throw new FormatProblem("the file ends early (truncated JSON)");

    private static void Expect(JsonTokenStream tokens, JsonTokenType type, string message)
    {
        if (Next(tokens) != type)
            throw new FormatProblem(message);
    }

    private static IReadOnlyList<Sample> Get(Dictionary<SplitName, List<Sample>> splits, SplitName split) =>
        splits.TryGetValue(split, out var samples) ? samples : [];

    private sealed class FormatProblem(string message) : Exception(message);
}
