using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>EPIC's <c>EPICorpus.csv</c> as peft_u/write_data/prepare_epic.py reads it (with pandas): id
/// <c>id_original</c>, user <c>user</c>, text <c>message: "{parent_text}"\n\nreply: "{text}"</c> (a missing text
/// prints as <c>nan</c>, pandas' NaN), label <c>iro</c>→Ironic, <c>not</c>→Non-ironic; a later row for the same
/// (user, id) replaces the earlier one in place.</summary>
public static class EpicReader
{
    public const string FileName = "EPICorpus.csv";

    public static RawAnnotations Read(string rawPath)
    {
        var csv = PandasCsv.Read(RawFiles.Find(rawPath, FileName));
        var columns = csv.Require("id_original", "user", "parent_text", "text", "label");
        int id = columns[0], user = columns[1], parent = columns[2], text = columns[3], label = columns[4];
        var problems = new List<string>();
        var annotations = new RawAnnotations();
        foreach (var (line, fields) in csv.Rows)
        {
            if (fields.Length > csv.Width)
            {
                problems.Add($"line {line}: {fields.Length} fields, the header has {csv.Width}");
                continue;
            }
            string? postId = PandasCsv.Cell(fields, id), userId = PandasCsv.Cell(fields, user);
            string? mapped = PandasCsv.Cell(fields, label) switch { "iro" => "Ironic", "not" => "Non-ironic", _ => null };
            // The original would key the dict by NaN (json.dump writes "NaN") or raise on the label: refuse both.
            if (postId is null)
                problems.Add($"line {line}: column 'id_original' is empty");
            if (userId is null)
                problems.Add($"line {line}: column 'user' is empty");
            if (mapped is null)
                problems.Add($"line {line}: column 'label' is '{(label < fields.Length ? fields[label] : "")}', expected iro or not");
            if (postId is null || userId is null || mapped is null)
                continue;
            string sampleText = $"message: \"{PandasCsv.Cell(fields, parent) ?? "nan"}\"\n\nreply: \"{PandasCsv.Cell(fields, text) ?? "nan"}\"";
            annotations.Add(userId, new Sample(postId, sampleText, [mapped]));
        }
        if (problems.Count > 0)
            throw new DataFormatException(csv.Path, problems);
        return annotations;
    }
}
