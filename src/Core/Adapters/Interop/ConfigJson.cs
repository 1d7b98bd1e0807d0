using System.Globalization;
using System.Text.Json;

namespace PeftU.Core.Adapters.Interop;

/// <summary>Typed reads from a module's config JSON, each failure one line naming the file and the field.</summary>
internal sealed class ConfigJson
{
    private ConfigJson(string path, JsonElement root, string prefix = "")
    {
        Path = path;
        Root = root;
        Prefix = prefix;
    }

    public string Path { get; }

    public JsonElement Root { get; }

    public static ConfigJson Load(string path)
    {
        if (!File.Exists(path))
            throw new ModuleFormatException($"{path}: not found (a module folder holds adapter_config.json and its weights).");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object)
                throw new ModuleFormatException($"{path}: expected a JSON object, found {Kind(root)}.");
            return new ConfigJson(path, root);
        }
        catch (JsonException e)
        {
            throw new ModuleFormatException($"{path}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: not valid JSON ({FirstSentence(e.Message)}).");
        }
    }

    public ConfigJson Child(string field)
    {
        var value = Required(field);
        if (value.ValueKind != JsonValueKind.Object)
            throw Bad(field, "an object", value);
        return new ConfigJson(Path, value, Prefix + field + ".");
    }

    /// <summary>Field names of a nested object are reported with their parent (<c>config.mh_adapter</c>).</summary>
    private string Prefix { get; }

    private string FilePath => Path;

    public bool Has(string field) => Root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;

    public JsonElement Required(string field) =>
        Root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new ModuleFormatException($"{FilePath}: field '{Prefix}{field}' is missing.");

    public string? OptionalString(string field) =>
        !Has(field) ? null : Root.GetProperty(field) is { ValueKind: JsonValueKind.String } s ? s.GetString() : throw Bad(field, "a string", Root.GetProperty(field));

    public string String(string field) =>
        Required(field) is { ValueKind: JsonValueKind.String } s ? s.GetString()! : throw Bad(field, "a string", Required(field));

    public int Int(string field) =>
        Required(field) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out int v) ? v : throw Bad(field, "an integer", Required(field));

    public int? OptionalInt(string field) => Has(field) ? Int(field) : null;

    public double Number(string field) =>
        Required(field) is { ValueKind: JsonValueKind.Number } n ? n.GetDouble() : throw Bad(field, "a number", Required(field));

    public double? OptionalNumber(string field) => Has(field) ? Number(field) : null;

    public bool? OptionalBool(string field) =>
        !Has(field) ? null : Root.GetProperty(field).ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Bad(field, "true or false", Root.GetProperty(field)),
        };

    /// <summary>A list of names, or one name as a string (peft accepts both).</summary>
    public string[]? OptionalNames(string field)
    {
        if (!Has(field))
            return null;
        var value = Root.GetProperty(field);
        if (value.ValueKind == JsonValueKind.String)
            return [value.GetString()!];
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            throw Bad(field, "a list of names", value);
        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }

    /// <summary>The field is absent, null, false, empty or equal to <paramref name="neutral"/>: anything else is a feature
    /// this framework's modules do not have.</summary>
    public void RequireNeutral(string field, string why, params object[] neutral)
    {
        if (!Has(field))
            return;
        var value = Root.GetProperty(field);
        bool isNeutral = value.ValueKind switch
        {
            JsonValueKind.False => true,
            JsonValueKind.Array => value.GetArrayLength() == 0,
            JsonValueKind.Object => !value.EnumerateObject().Any(),
            JsonValueKind.String => neutral.OfType<string>().Contains(value.GetString()) || value.GetString()!.Length == 0,
            JsonValueKind.Number => neutral.Any(n => n is double d && d == value.GetDouble()),
            _ => false,
        };
        if (!isNeutral)
            throw new ModuleFormatException($"{FilePath}: field '{Prefix}{field}' is {value.GetRawText()}; {why}.");
    }

    public ModuleFormatException Bad(string field, string expected, JsonElement found) =>
        new($"{FilePath}: field '{Prefix}{field}' must be {expected}, found {Kind(found)} {Shorten(found.GetRawText())}.");

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Shorten(string raw) => raw.Length <= 40 ? raw : raw[..37] + "...";

    private static string FirstSentence(string message) => message.Split(['.', '\n'], 2)[0];

    public static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
