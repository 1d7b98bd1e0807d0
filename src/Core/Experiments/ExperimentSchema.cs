using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PeftU.Abstractions;

namespace PeftU.Core.Experiments;

/// <summary>The experiment file's settings (section, key, kind, range, default) — the table the reader's key lists come
/// from — and the JSON Schema of the whole file: these settings plus, per task and method id, the options the plugins'
/// generated metadata declares. Editors with YAML language support validate and complete experiment files with it.</summary>
public static class ExperimentSchema
{
    public static readonly IReadOnlyList<SpecField> Fields =
    [
        new("backbone", "path", "string", Description: "A local HF T5 folder (config.json, model.safetensors, spiece.model), relative to this file; bundled:<name>; or a model id (google/flan-t5-base[@rev]) found in the local Hugging Face cache."),
        new("backbone", "dtype", "string", Values: ["auto", "fp32", "bf16"], Default: "auto", Description: "auto: bf16 where a GEMM probe shows it ≥1.2× faster (always on CUDA)."),
        new("backbone", "device", "string", Values: ["cpu", "cuda", "auto"], Default: "cpu", Description: "auto: cuda when torch sees one."),
        new("backbone", "threads", "integer", 1, 1024, Description: "CPU threads (default: all cores)."),
        new("training", "epochs", "integer", 1, 10_000, 8),
        new("training", "lr", "number", 0, 10, 2e-5, "Peak AdamW learning rate."),
        new("training", "weight_decay", "number", 0, 10, 0.01),
        new("training", "batch", "integer", 1, 65_536, 8, "Examples per user per step."),
        new("training", "warmup_ratio", "number", 0, 1, 0.1, "Linear warm-up share of each user's steps, then linear decay."),
        new("training", "seed", "integer", 0, int.MaxValue, 42),
        new("training", "bank_size", "integer", 1, 100_000, 1, "Users trained together in mixed batches; 1 is the original's sequential procedure."),
        new("training", "pad_to", "integer", 0, 4096, 0, "0: pad each batch to its longest input; 512: pad every input to 512 as the original does (same results, more work)."),
        new("training", "dropout", "boolean", Default: true, Description: "Dropout while training (HF Trainer's default); false makes training deterministic."),
        new("training", "max_grad_norm", "number", 0, 1e6, 1.0, "Per-user gradient-norm clip (HF Trainer's 1.0); 0: no clipping (the original's peft path)."),
        new("training", "warmup_rounding", "string", Values: ["ceil", "floor"], Default: "ceil", Description: "Warm-up steps = ratio × steps rounded up (HF Trainer) or down (the original's peft path, int())."),
        new("training", "decay_bias", "boolean", Default: false, Description: "Weight decay on biases too (the original's peft path: torch AdamW over every tensor); false skips them (HF Trainer)."),
        new("training", "val_loss", "string", Values: ["token_mean", "batch_mean", "batch_mean_by_size"], Default: "token_mean",
            Description: "Validation loss choosing the best epoch: mean over all target tokens; mean of each batch's token mean (the peft path); the same weighted by batch size (HF Trainer)."),
        new("evaluation", "mode", "string", Values: ["score", "generate"], Default: "score", Description: "score: most likely label; generate: greedy decoding parsed leniently (the original)."),
        new("evaluation", "max_new_tokens", "integer", 1, 4096, 16),
        new("evaluation", "pad_to", "integer", 0, 4096, 0, "As training.pad_to, for test inputs."),
        new("prompts", "shots", "integer", 0, 32, 3, "Demos per prompt from the user's own train split, in training, validation and test prompts (the original: 3; zero-/few-shot keep their own)."),
        new("prompts", "max_input_tokens", "integer", 1, 4096, 512, "Inputs are cut to this many tokens from the right (EOS kept), as the original's truncation at 512."),
        new("prompts", "faithful", "boolean", Default: true, Description: "The original's demo sampling with its quirks (a train sample can be its own demo); false corrects them."),
        new("budget", "params", "integer", 1, int.MaxValue, Description: "Trainable parameters per user every method must match."),
        new("budget", "tolerance", "string|number", Default: "0.5%", Description: "A fraction (0.005) or a percentage (\"0.5%\")."),
        new("budget", "mode", "string", Values: ["solve", "check"], Default: "solve", Description: "solve: pick each method's size knob; check: refuse methods outside the tolerance."),
    ];

    public static string[] Keys(string section) => [.. Fields.Where(f => f.Section == section).Select(f => f.Key)];

    /// <summary>The schema (JSON Schema 2020-12) for the given plugins, as indented JSON.</summary>
    public static string Write(IReadOnlyList<PluginDescriptor> tasks, IReadOnlyList<PluginDescriptor> methods)
    {
        var definitions = new JsonObject();
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "PeftU.Framework experiment file",
            ["description"] = "Scalars may also be ${NAME} or ${NAME:-default}, expanded from the environment before validation.",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("backbone", "tasks", "methods"),
            ["properties"] = new JsonObject
            {
                ["backbone"] = Section("backbone", required: ["path"]),
                ["tasks"] = PluginList(tasks, definitions, "task", withData: true),
                ["methods"] = PluginList(methods, definitions, "method", withData: false),
                ["training"] = Section("training"),
                ["evaluation"] = Section("evaluation"),
                ["prompts"] = Section("prompts"),
                ["budget"] = Section("budget", required: ["params"]),
                ["output"] = new JsonObject { ["type"] = "string", ["default"] = "runs/experiment", ["description"] = "Output folder, relative to the current folder." },
            },
            ["$defs"] = definitions,
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static JsonObject Section(string section, string[]? required = null, string? description = null)
    {
        var properties = new JsonObject();
        foreach (var field in Fields.Where(f => f.Section == section))
            properties[field.Key] = field.ToSchema();
        var result = new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
        if (required is not null)
            result["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        if (description is not null)
            result["description"] = description;
        return result;
    }

    /// <summary>A non-empty list whose entries are an id ("- lora") or {id, options[, data]} with that id's options.</summary>
    private static JsonObject PluginList(IReadOnlyList<PluginDescriptor> plugins, JsonObject definitions, string kind, bool withData)
    {
        var choices = new JsonArray { new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. plugins.Select(p => (JsonNode)p.Id)]) } };
        foreach (var plugin in plugins.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            var options = new JsonObject();
            foreach (var option in plugin.Options)
                options[option.Name] = OptionSchema(option);
            var properties = new JsonObject
            {
                ["id"] = new JsonObject { ["const"] = plugin.Id },
                ["options"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = options },
            };
            if (withData)
                properties["data"] = new JsonObject { ["type"] = "string", ["description"] = "The task's data folder (user_data_leaked.json), relative to this file." };
            else
                properties["training"] = Section("training", description: "This method's own training settings, over the training section's.");
                properties["evaluation"] = Section("evaluation", description: "This method's own evaluation settings, over the evaluation section's.");
            string name = $"{kind}.{plugin.Id}";
            definitions[name] = new JsonObject
            {
                ["description"] = plugin.Description,
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["required"] = new JsonArray("id"),
                ["properties"] = properties,
            };
            choices.Add(new JsonObject { ["$ref"] = $"#/$defs/{name}" });
        }
        return new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["anyOf"] = choices } };
    }

    private static JsonObject OptionSchema(OptionDescriptor option)
    {
        var values = option.AllowedValues.Count > 0 ? new JsonArray([.. option.AllowedValues.Select(v => (JsonNode)v)]) : null;
        var result = option.Type switch
        {
            OptionType.Int32 or OptionType.Int64 => new JsonObject { ["type"] = "integer" },
            OptionType.Double => new JsonObject { ["type"] = "number" },
            OptionType.Boolean => new JsonObject { ["type"] = "boolean" },
            // A list may also be written as one comma-separated string.
            OptionType.StringList => new JsonObject
            {
                ["type"] = new JsonArray("array", "string"),
                ["items"] = values is null ? new JsonObject { ["type"] = "string" } : new JsonObject { ["enum"] = values },
            },
            _ => values is null ? new JsonObject { ["type"] = "string" } : new JsonObject { ["enum"] = values },
        };
        if (option.Min is { } min)
            result["minimum"] = min;
        if (option.Max is { } max)
            result["maximum"] = max;
        if (Default(option) is { } value)
            result["default"] = value;
        if (option.Description.Length > 0)
            result["description"] = option.Description;
        return result;
    }

    private static JsonNode? Default(OptionDescriptor option)
    {
        var c = CultureInfo.InvariantCulture;
        string text = option.DefaultText;
        return option.Type switch
        {
            OptionType.Int32 or OptionType.Int64 when long.TryParse(text, c, out long l) => l,
            OptionType.Double when double.TryParse(text, NumberStyles.Float, c, out double d) => d,
            OptionType.Boolean when bool.TryParse(text, out bool b) => b,
            OptionType.StringList => new JsonArray([.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => (JsonNode)s.Trim())]),
            _ => text,
        };
    }
}

/// <summary>One setting of an experiment file: its JSON type, inclusive range or allowed values, default and help.</summary>
public sealed record SpecField(string Section, string Key, string Type, double? Min = null, double? Max = null, object? Default = null,
    string Description = "", string[]? Values = null)
{
    public JsonObject ToSchema()
    {
        var result = new JsonObject
        {
            ["type"] = Type.Contains('|') ? new JsonArray([.. Type.Split('|').Select(t => (JsonNode)t)]) : Type,
        };
        if (Values is not null)
            result["enum"] = new JsonArray([.. Values.Select(v => (JsonNode)v)]);
        if (Min is { } min)
            result["minimum"] = min;
        if (Max is { } max)
            result["maximum"] = max;
        JsonNode? value = Default switch
        {
            int i => i,
            double d => d,
            bool b => b,
            string t => t,
            _ => null,
        };
        if (value is not null)
            result["default"] = value;
        if (Description.Length > 0)
            result["description"] = Description;
        return result;
    }
}
