using System.Text.Json;
using System.Text.Json.Nodes;
using PeftU.Core.Adapters;

namespace PeftU.Serving;

/// <summary>Checks an uploaded module's <c>adapter_config.json</c> against the cell it is uploaded to: the method and,
/// when the file carries them (ours do; HF peft's files do not), every option — a module trained with other options
/// could have the right shapes and still compute something else (LoRA's alpha).</summary>
internal static class ModuleConfig
{
    public static void Check(string folder, ServingCell cell)
    {
        string path = Path.Combine(folder, AdapterStore.ConfigFile);
        if (!File.Exists(path))
            throw ServeException.BadRequest($"{AdapterStore.ConfigFile}: missing from the upload");
        JsonObject config;
        try
        {
            config = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                     ?? throw ServeException.BadRequest($"{AdapterStore.ConfigFile}: not a JSON object");
        }
        catch (JsonException e)
        {
            throw ServeException.BadRequest($"{AdapterStore.ConfigFile}: not valid JSON ({e.Message})");
        }
        if (config["peftu_method"] is JsonValue methodValue && methodValue.TryGetValue(out string? method) && method != cell.Method)
            throw ServeException.BadRequest($"{AdapterStore.ConfigFile}: peftu_method is '{method}' but {cell.Task}/{cell.Cell} serves {cell.Method} modules");
        if (config["peftu_options"] is JsonObject options)
        {
            var problems = new List<string>();
            foreach (var (key, expected) in cell.MethodOptions.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var node = options[key];
                string? given = node is JsonValue v && v.TryGetValue(out string? text) ? text : node?.ToJsonString();
                if (given != expected)
                    problems.Add($"{key} is {(given is null ? "missing" : $"'{given}'")}, the cell's is '{expected}'");
            }
            if (problems.Count > 0)
                throw ServeException.BadRequest($"{AdapterStore.ConfigFile}: peftu_options differ from {cell.Task}/{cell.Cell}'s: {string.Join("; ", problems)}");
        }
    }
}
