using System.Text.Json;
using PeftU.Abstractions.Tasks;
using PeftU.Data.Format;

namespace PeftU.Data.Raw;

/// <summary>HateXplain's <c>dataset.json</c> (+ <c>post_id_divisions.json</c>) as <c>prepare_data</c> in
/// peft_u/write_data/prepare_hatexplain.py reads it: posts in sorted key order; each annotator becomes a user whose
/// sample (id <c>post_id</c>, text the tokens joined by spaces, label their own) carries the original's extra fields in
/// its key order — <c>post_tokens, text, label, target_group, rationale_spans, majority_label, majority_group</c>, plus
/// <c>rationale, rationale_tokens</c> when the post has rationales. The majority label is the most common one
/// (<c>undecided</c> on a tie for first); the majority group the targets named by more than one annotator (else
/// <c>["None"]</c>). An annotator past the end of the rationale list gets empty rationale fields.</summary>
public static class HatexplainReader
{
    public const string DatasetFile = "dataset.json", DivisionsFile = "post_id_divisions.json";

    public static RawAnnotations Read(string rawPath)
    {
        string datasetPath = RawFiles.Find(rawPath, DatasetFile, sibling: Path.GetFileName(rawPath) != DatasetFile);
        string divisionsPath = RawFiles.Find(rawPath, DivisionsFile, sibling: true);
        using var dataset = RawJson.Parse(datasetPath);
        using var divisions = RawJson.Parse(divisionsPath);
        if (dataset.RootElement.ValueKind != JsonValueKind.Object)
            throw new DataFormatException(datasetPath, ["must be an object {post key: post}"]);

        var problems = new List<string>();
        var annotations = new RawAnnotations();
        // Python's sorted() of str keys compares code points; ordinal UTF-16 order equals it outside surrogate pairs.
        foreach (var post in dataset.RootElement.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            try
            {
                ReadPost(post.Name, post.Value, divisions.RootElement, annotations);
            }
            catch (FormatException e)
            {
                problems.Add($"post '{post.Name}': {e.Message}");
            }
        }
        if (problems.Count > 0)
            throw new DataFormatException(datasetPath, problems);
        return annotations;
    }

    private static void ReadPost(string key, JsonElement post, JsonElement divisions, RawAnnotations annotations)
    {
        var annotators = Field(post, "annotators", JsonValueKind.Array).EnumerateArray().ToList();
        var tokens = Field(post, "post_tokens", JsonValueKind.Array);
        var rationales = Field(post, "rationales", JsonValueKind.Array).EnumerateArray().ToList();
        string postId = Field(post, "post_id", JsonValueKind.String).GetString()!;
        var tokenTexts = tokens.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString()! : throw new FormatException("field 'post_tokens': every token must be a string")).ToList();
        string text = string.Join(' ', tokenTexts);
        var labels = annotators.Select((a, i) => Field(a, "label", JsonValueKind.String, $"annotators[{i}].").GetString()!).ToList();
        string majority = MostCommon(labels, tieBreaker: "undecided");
        var targets = annotators.SelectMany((a, i) => Field(a, "target", JsonValueKind.Array, $"annotators[{i}].").EnumerateArray()
            .Select(t => t.ValueKind == JsonValueKind.String ? t.GetString()! : throw new FormatException($"field 'annotators[{i}].target': every target must be a string"))).ToList();
        var group = targets.GroupBy(t => t, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (group.Count == 0)
            group = ["None"];
        if (majority == "normal")
            CheckDivisions(postId, divisions);
        // The original appends each span to global_examples['all'][key], which only non-normal, decided posts have.
        bool spansAllowed = majority is not ("normal" or "undecided");

        string tokensJson = PythonJsonValue.ToJson(tokens);
        for (int index = 0; index < annotators.Count; index++)
        {
            var annotator = annotators[index];
            string user = RawJson.Key(Field(annotator, "annotator_id", null, $"annotators[{index}].")) ?? throw new FormatException($"field 'annotators[{index}].annotator_id': must be a string or an integer");
            var fields = new List<KeyValuePair<string, string>>
            {
                new("post_tokens", tokensJson),
                new("text", PythonJsonValue.String(text)),
                new("label", PythonJsonValue.ToJson([labels[index]])),
                new("target_group", PythonJsonValue.ToJson(annotator.GetProperty("target"))),
            };
            var spans = new List<string>();
            string? rationaleJson = null, rationaleTokensJson = null;
            if (rationales.Count > 0)
            {
                if (rationales.Count <= index)
                {
                    rationaleJson = rationaleTokensJson = "[]";
                }
                else
                {
                    var rationale = rationales[index];
                    if (rationale.ValueKind != JsonValueKind.Array)
                        throw new FormatException($"field 'rationales[{index}]': must be a list of 0/1 flags");
                    var flags = rationale.EnumerateArray().ToList();
                    if (flags.Count < tokens.GetArrayLength())
                        throw new FormatException($"field 'rationales[{index}]': {flags.Count} flags for {tokens.GetArrayLength()} tokens");
                    rationaleJson = PythonJsonValue.ToJson(rationale);
                    var tokenElements = tokens.EnumerateArray().ToList();
                    rationaleTokensJson = "[" + string.Join(", ", tokenElements.Where((_, i) => EqualsOne(flags[i])).Select(PythonJsonValue.ToJson)) + "]";
                    var queue = new List<string>();
                    // zip(rationale, post_tokens): spans are runs of truthy flags.
                    for (int i = 0; i < tokenTexts.Count; i++)
                    {
                        if (Truthy(flags[i]))
                            queue.Add(tokenTexts[i]);
                        else if (queue.Count > 0)
                        {
                            spans.Add(string.Join(' ', queue));
                            queue.Clear();
                        }
                    }
                    if (queue.Count > 0)
                        spans.Add(string.Join(' ', queue));
                    if (spans.Count > 0 && !spansAllowed)
                        throw new FormatException($"annotator {user} marks a rationale on a post whose majority label is '{majority}'; the original fails here (KeyError on global_examples['all'])");
                }
            }
            fields.Add(new("rationale_spans", PythonJsonValue.ToJson(spans)));
            fields.Add(new("majority_label", PythonJsonValue.ToJson([majority])));
            fields.Add(new("majority_group", PythonJsonValue.ToJson(group)));
            if (rationaleJson is not null)
            {
                fields.Add(new("rationale", rationaleJson));
                fields.Add(new("rationale_tokens", rationaleTokensJson!));
            }
            annotations.Add(user, new Sample(postId, text, [labels[index]]) { JsonFields = fields });
        }
    }

    /// <summary><c>_most_common</c>: the most frequent label, or the tie breaker when the top two counts are equal.</summary>
    private static string MostCommon(List<string> labels, string tieBreaker)
    {
        if (labels.Count == 0)
            throw new FormatException("field 'annotators': empty (the original's Counter().most_common fails)");
        var counts = labels.GroupBy(l => l, StringComparer.Ordinal).Select(g => (g.Key, Count: g.Count())).OrderByDescending(c => c.Count).ToList();
        return counts.Count > 1 && counts[0].Count == counts[1].Count ? tieBreaker : counts[0].Key;
    }

    /// <summary>The original looks a normal post up in train, then test, then val of the divisions (when non-empty).</summary>
    private static void CheckDivisions(string postId, JsonElement divisions)
    {
        bool empty = divisions.ValueKind switch
        {
            JsonValueKind.Object => !divisions.EnumerateObject().Any(),
            JsonValueKind.Array => divisions.GetArrayLength() == 0,
            _ => false,
        };
        if (empty)
            return;
        foreach (var split in new[] { "train", "test", "val" })
        {
            if (divisions.ValueKind != JsonValueKind.Object || !divisions.TryGetProperty(split, out var ids) || ids.ValueKind != JsonValueKind.Array)
                throw new FormatException($"{DivisionsFile} has no list '{split}'");
            if (ids.EnumerateArray().Any(i => i.ValueKind == JsonValueKind.String && i.GetString() == postId))
                return;
        }
    }

    private static JsonElement Field(JsonElement parent, string name, JsonValueKind? kind, string prefix = "")
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
            throw new FormatException($"field '{prefix}{name}' is missing");
        if (kind is { } k && value.ValueKind != k)
            throw new FormatException($"field '{prefix}{name}' must be a{(k == JsonValueKind.Array ? " list" : " string")}");
        return value;
    }

    /// <summary>Python's <c>flag == 1</c> (True and 1.0 equal 1).</summary>
    private static bool EqualsOne(JsonElement flag) =>
        flag.ValueKind == JsonValueKind.True || (flag.ValueKind == JsonValueKind.Number && flag.GetDouble() == 1);

    /// <summary>Python's truthiness of a JSON value.</summary>
    private static bool Truthy(JsonElement flag) => flag.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Number => flag.GetDouble() != 0,
        JsonValueKind.String => flag.GetString()!.Length > 0,
        JsonValueKind.Array => flag.GetArrayLength() > 0,
        JsonValueKind.Object => flag.EnumerateObject().Any(),
        _ => false,
    };
}
