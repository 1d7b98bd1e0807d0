using System.Text.Json;

namespace PeftU.Serving;

/// <summary>Reads a <c>POST /v1/predict</c> body: one request <c>{"user", "text", "task"?, "method"?, "fallback"?}</c> or
/// the batch form <c>{"requests": [...]}</c>. Every problem is a 400 naming the field (<c>requests[2].text</c>).</summary>
internal static class PredictJson
{
    private static readonly string[] Fields = ["user", "text", "task", "method", "fallback"];

    public static (IReadOnlyList<PredictRequest> Requests, bool Batch) Parse(ReadOnlyMemory<byte> body, int maxRequests)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw ServeException.BadRequest($"malformed JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: " +
                                            "send {\"user\": \"...\", \"text\": \"...\"} or {\"requests\": [...]}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw ServeException.BadRequest($"the body must be a JSON object, not {Kind(root)}: {{\"user\": \"...\", \"text\": \"...\"}} or {{\"requests\": [...]}}");
            if (!root.TryGetProperty("requests", out var list))
                return ([One(root, "")], false);
            foreach (var extra in root.EnumerateObject().Where(p => p.Name != "requests"))
                throw ServeException.BadRequest($"{extra.Name}: unknown field beside requests (the batch form holds only \"requests\")");
            if (list.ValueKind != JsonValueKind.Array)
                throw ServeException.BadRequest($"requests: must be an array of requests, not {Kind(list)}");
            int count = list.GetArrayLength();
            if (count == 0)
                throw ServeException.BadRequest("requests: empty; give at least one {\"user\", \"text\"}");
            if (count > maxRequests)
                throw new ServeException(413, $"requests: {count} requests in one call; at most {maxRequests}");
            return ([.. list.EnumerateArray().Select((e, i) => One(e, $"requests[{i}]."))], true);
        }
    }

    private static PredictRequest One(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw ServeException.BadRequest($"{path.TrimEnd('.')}: must be an object {{\"user\", \"text\"}}, not {Kind(element)}");
        foreach (var property in element.EnumerateObject())
        {
            if (!Fields.Contains(property.Name))
                throw ServeException.BadRequest($"{path}{property.Name}: unknown field; valid: {string.Join(", ", Fields)}");
        }
        string user = String(element, path, "user", required: true)!;
        string text = String(element, path, "text", required: true)!;
        if (user.Length == 0)
            throw ServeException.BadRequest($"{path}user: empty");
        bool fallback = false;
        if (element.TryGetProperty("fallback", out var f))
        {
            fallback = f.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw ServeException.BadRequest($"{path}fallback: must be true or false, not {Kind(f)}"),
            };
        }
        return new PredictRequest(user, text, String(element, path, "task", false), String(element, path, "method", false), fallback);
    }

    private static string? String(JsonElement element, string path, string name, bool required)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null && !required)
            return required ? throw ServeException.BadRequest($"{path}{name}: missing (a string)") : null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw ServeException.BadRequest($"{path}{name}: must be a string, not {Kind(value)}");
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
