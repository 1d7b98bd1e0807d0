namespace PeftU.Core.Experiments;

/// <summary>Each method of a plan with its cell folder key: the method id, numbered (<c>lora-2</c>) when the same method
/// appears more than once. Records, adapters and shard units are all keyed by it.</summary>
public static class CellKeys
{
    public static IEnumerable<(PlannedMethod Method, string Key)> Of(IReadOnlyList<PlannedMethod> methods)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var method in methods)
        {
            string id = method.Plugin.Descriptor.Id;
            int n = seen[id] = seen.GetValueOrDefault(id) + 1;
            yield return (method, n == 1 ? id : $"{id}-{n}");
        }
    }
}
