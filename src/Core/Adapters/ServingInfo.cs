using System.Text.Json;
using PeftU.Abstractions.IO;
using PeftU.Abstractions.Tasks;

namespace PeftU.Core.Adapters;

/// <summary>What <c>peftu serve</c> needs besides the saved modules to answer as the run evaluated, written by
/// <c>peftu run --save-adapters</c>: per cell <c>serving.json</c> (task and method with their options, labels, prompt
/// and evaluation settings) and per user <c>prompt.json</c> (the user's own train and test samples when the prompts use
/// demos), so the server needs neither the task data nor a plan.</summary>
public sealed record ServingCell(
    string Task,
    IReadOnlyDictionary<string, string> TaskOptions,
    string Cell,
    string Method,
    IReadOnlyDictionary<string, string> MethodOptions,
    IReadOnlyList<string> Labels,
    bool Trained,
    string Mode,
    int MaxNewTokens,
    int PadTo,
    int Shots,
    int MaxInputTokens,
    bool Faithful);

/// <summary>One user's prompt material: the train split (the demo pool) and the test split (so a text the run tested
/// gets exactly the demos the run drew for it). Both empty when the prompts carry no demos.</summary>
public sealed record ServingUser(string User, IReadOnlyList<ServingSample> Train, IReadOnlyList<ServingSample> Test)
{
    public static ServingUser Of(UserData user, int shots) => shots <= 0
        ? new ServingUser(user.UserId, [], [])
        : new ServingUser(user.UserId, [.. user.Train.Select(ServingSample.Of)], [.. user.Test.Select(ServingSample.Of)]);

    public UserData ToUserData(IReadOnlyList<Sample> test) =>
        new(User, [.. Train.Select(s => new Sample(s.Id, s.Text, s.Labels))], [], test);
}

public sealed record ServingSample(string Id, string Text, IReadOnlyList<string> Labels)
{
    public static ServingSample Of(Sample sample) => new(sample.Id, sample.Text, sample.Labels);
}

/// <summary>Reads and writes the serving files (atomic writes; a malformed file is one error naming it).</summary>
public static class ServingFiles
{
    public const string CellFile = "serving.json";
    public const string UserFile = "prompt.json";

    public static void WriteCell(string cellFolder, ServingCell cell) =>
        AtomicFile.WriteAllText(Path.Combine(cellFolder, CellFile), JsonSerializer.Serialize(cell, OutputJson.Options) + "\n");

    public static void WriteUser(string userFolder, ServingUser user) =>
        AtomicFile.WriteAllText(Path.Combine(userFolder, UserFile), JsonSerializer.Serialize(user, OutputJson.Options) + "\n");

    public static ServingCell ReadCell(string cellFolder) => Read<ServingCell>(Path.Combine(cellFolder, CellFile));

    public static ServingUser ReadUser(string path) => Read<ServingUser>(path);

    /// <summary>A user file from text (an upload); <paramref name="source"/> names it in errors.</summary>
    public static ServingUser ParseUser(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<ServingUser>(json, OutputJson.Options) is { User: not null, Train: not null, Test: not null } user
                ? user
                : throw new InvalidDataException($"{source}: needs the fields user, train and test.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a valid {UserFile} ({e.Message})", e);
        }
    }

    private static T Read<T>(string path)
    {
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: missing (run `peftu run FILE --save-adapters` to write it).");
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), OutputJson.Options)
                   ?? throw new InvalidDataException($"{path}: empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
    }
}
