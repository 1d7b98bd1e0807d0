using System.Text.Json;
using PeftU.Core.Backbone;

namespace PeftU.Core.Checkpoints;

/// <summary>Finds a checkpoint folder's weight files: <c>model.safetensors</c>, or the shards a
/// <c>model.safetensors.index.json</c> names. A PyTorch-pickle-only folder is refused with what to do instead.</summary>
public static class CheckpointFiles
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>Tensor name → file holding it.</summary>
    public static IReadOnlyDictionary<string, string> Locate(string folder)
    {
        if (!Directory.Exists(folder))
            throw new BackboneException($"{folder}: no such checkpoint folder.");
        string single = Path.Combine(folder, SingleFile);
        string index = Path.Combine(folder, IndexFile);
        if (File.Exists(index))
            return FromIndex(folder, index);
        if (File.Exists(single))
        {
            using var reader = SafetensorsReader.Open(single);
            return reader.Entries.Keys.ToDictionary(k => k, _ => single, StringComparer.Ordinal);
        }
        var pickles = Directory.EnumerateFiles(folder, "*.bin").Select(Path.GetFileName).ToList();
        if (pickles.Count > 0)
            throw new BackboneException(
                $"{folder}: holds only PyTorch pickle weights ({string.Join(", ", pickles)}); convert them to safetensors first, e.g. " +
                "in Python: `T5ForConditionalGeneration.from_pretrained(dir).save_pretrained(dir, safe_serialization=True)`.");
        throw new BackboneException($"{folder}: neither {SingleFile} nor {IndexFile} is there.");
    }

    private static Dictionary<string, string> FromIndex(string folder, string index)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(index));
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in doc.RootElement.GetProperty("weight_map").EnumerateObject())
            {
                string shard = Path.Combine(folder, entry.Value.GetString()!);
                if (!File.Exists(shard))
                    throw new BackboneException($"{index}: shard '{entry.Value.GetString()}' (for '{entry.Name}') is missing.");
                map[entry.Name] = shard;
            }
            return map;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new BackboneException($"{index}: not a valid safetensors index ({e.Message}); it needs a \"weight_map\" object.");
        }
    }
}
