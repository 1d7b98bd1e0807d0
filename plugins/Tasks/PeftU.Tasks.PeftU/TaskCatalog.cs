using System.Text.Json;
using PeftU.Abstractions.Tasks;

namespace PeftU.Tasks.PeftU;

/// <summary>The 13 PEFT-U task definitions, read once from the embedded tasks.json.</summary>
internal static class TaskCatalog
{
    private static readonly Lazy<IReadOnlyDictionary<string, TaskDefinition>> All = new(Load);

    public static TaskDefinition Get(string id) =>
        All.Value.TryGetValue(id, out var definition) ? definition : throw new InvalidOperationException($"tasks.json has no task '{id}'.");

    private static IReadOnlyDictionary<string, TaskDefinition> Load()
    {
        using var stream = typeof(TaskCatalog).Assembly.GetManifestResourceStream("PeftU.Tasks.PeftU.tasks.json")
            ?? throw new InvalidOperationException("the embedded tasks.json is missing from the plugin.");
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.EnumerateObject().ToDictionary(
            t => t.Name,
            t => new TaskDefinition(
                t.Name,
                t.Value.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray(),
                t.Value.GetProperty("multi_label").GetBoolean(),
                t.Value.GetProperty("instruction").GetString()!));
    }
}
