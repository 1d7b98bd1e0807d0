using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>GabHate's <c>GabHateCorpus_annotations.tsv</c> as peft_u/write_data/prepare_gabhate.py reads it: columns
/// 0 id, 1 annotator, 2 text, 3 <c>Hate</c> (<c>int()</c> 0/1 → Non-hateful/Hateful); a later row for the same
/// (annotator, id) replaces the earlier one in place (dict assignment).</summary>
public static class GabHateReader
{
    public const string FileName = "GabHateCorpus_annotations.tsv";

    private const int IdColumn = 0, UserColumn = 1, TextColumn = 2, LabelColumn = 3;

    public static RawAnnotations Read(string rawPath)
    {
        var csv = PositionalCsv.Read(RawFiles.Find(rawPath, FileName), '\t');
        var problems = new List<string>();
        var annotations = new RawAnnotations();
        foreach (var (line, fields) in csv.Rows)
        {
            if (!csv.Has(line, fields, LabelColumn, problems))
                continue;
            if (!PythonInt.TryParse(fields[LabelColumn], out long hate) || hate is not (0 or 1))
            {
                problems.Add($"line {line}: {csv.Column(LabelColumn)} is '{fields[LabelColumn]}', expected 0 or 1");
                continue;
            }
            annotations.Add(fields[UserColumn], new Sample(fields[IdColumn], fields[TextColumn], [hate == 1 ? "Hateful" : "Non-hateful"]));
        }
        if (problems.Count > 0)
            throw new DataFormatException(csv.Path, problems);
        return annotations;
    }
}
