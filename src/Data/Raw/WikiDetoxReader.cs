using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>WikiDetox's aggression files as peft_u/write_data/prepare_wikidetox.py reads them:
/// <c>aggression_annotated_comments.tsv</c> (column 0 rev_id, 1 comment; a later row replaces a rev_id's text) and
/// <c>aggression_annotations.tsv</c> (0 rev_id, 1 worker, 2 aggression, <c>int(float())</c> 0/1 → Normal/Aggressive).
/// The first row per (worker, rev_id) wins; the text is kept as is (<c>NEWLINE_TOKEN</c>, <c>TAB_TOKEN</c>).</summary>
public static class WikiDetoxReader
{
    public const string AnnotationsFile = "aggression_annotations.tsv", CommentsFile = "aggression_annotated_comments.tsv";

    public static RawAnnotations Read(string rawPath)
    {
        // Either file (or the folder) may be given; both sit side by side as in the original's data/wikidetox/.
        var annotationsCsv = PositionalCsv.Read(RawFiles.Find(rawPath, AnnotationsFile, sibling: Path.GetFileName(rawPath) != AnnotationsFile), '\t');
        var commentsCsv = PositionalCsv.Read(RawFiles.Find(rawPath, CommentsFile, sibling: Path.GetFileName(rawPath) != CommentsFile), '\t');

        var problems = new List<string>();
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (line, fields) in commentsCsv.Rows)
        {
            if (commentsCsv.Has(line, fields, 1, problems))
                texts[fields[0]] = fields[1];
        }
        if (problems.Count > 0)
            throw new DataFormatException(commentsCsv.Path, problems);

        var annotations = new RawAnnotations();
        foreach (var (line, fields) in annotationsCsv.Rows)
        {
            if (!annotationsCsv.Has(line, fields, 2, problems))
                continue;
            string post = fields[0], user = fields[1];
            annotations.Touch(user);
            if (annotations.Contains(user, post))
                continue;
            if (!texts.TryGetValue(post, out var text))
                problems.Add($"line {line}: {annotationsCsv.Column(0)} '{post}' has no comment in {CommentsFile}");
            else if (!PythonInt.TryParseTruncatedFloat(fields[2], out long aggression) || aggression is not (0 or 1))
                problems.Add($"line {line}: {annotationsCsv.Column(2)} is '{fields[2]}', expected 0.0 or 1.0");
            else
                annotations.Add(user, new Sample(post, text, [aggression == 1 ? "Aggressive" : "Normal"]));
        }
        if (problems.Count > 0)
            throw new DataFormatException(annotationsCsv.Path, problems);
        return annotations;
    }
}
