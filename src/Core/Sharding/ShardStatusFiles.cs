using System.Text.Json;
using PeftU.Abstractions.IO;

namespace PeftU.Core.Sharding;

/// <summary>The <c>shards/</c> folder of a run folder: each shard's status (<c>I-of-N.json</c>, written atomically) and
/// lock (<c>I-of-N.lock</c>).</summary>
public static class ShardStatusFiles
{
    public const string FolderName = "shards";

    public static string FolderOf(string runFolder) => Path.Combine(runFolder, FolderName);

    public static string LockOf(string runFolder, ShardSpec shard) => Path.Combine(FolderOf(runFolder), shard.Name + ".lock");

    public static string PathOf(string runFolder, ShardSpec shard) => Path.Combine(FolderOf(runFolder), shard.Name + ".json");

    public static void Write(string runFolder, ShardStatus status) =>
        AtomicFile.WriteAllText(PathOf(runFolder, status.Spec), JsonSerializer.Serialize(status, OutputJson.Options) + "\n");

    /// <summary>Every status file of the folder, by shard count then index; a file that is not a status (hand-edited,
    /// foreign) is skipped with its problem in <paramref name="problems"/>, never fatal for a report.</summary>
    public static IReadOnlyList<ShardStatus> ReadAll(string runFolder, List<string> problems)
    {
        string folder = FolderOf(runFolder);
        var statuses = new List<ShardStatus>();
        if (!Directory.Exists(folder))
            return statuses;
        foreach (string file in Directory.EnumerateFiles(folder, "*-of-*.json"))
        {
            try
            {
                var status = JsonSerializer.Deserialize<ShardStatus>(File.ReadAllText(file), OutputJson.Options);
                if (status is null || status.Shards < 1 || status.Shard < 0 || status.Shard >= status.Shards || status.Units is null ||
                    Path.GetFileName(file) != status.Spec.Name + ".json")
                    problems.Add($"{file}: not a shard status file; ignored");
                else
                    statuses.Add(status);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or IOException)
            {
                problems.Add($"{file}: not a shard status file ({e.Message}); ignored");
            }
        }
        return [.. statuses.OrderBy(s => s.Shards).ThenBy(s => s.Shard)];
    }
}
