using PeftU.Abstractions.Tasks;
using PeftU.Data.Format;

namespace PeftU.Data.Raw;

/// <summary>TweetEval's raw format (<c>annotations_g3.csv</c>): a header <c>post_id,text,&lt;annotator…&gt;</c> whose
/// annotator column names are the user ids, then one row per post with each annotator's label. Every non-empty cell adds
/// <c>{text, label: [cell]}</c> to that annotator under the post id, in row order (the original's insertion order).
/// Deviation: an empty cell is "not annotated" and skipped; the original would store the label "".</summary>
public static class AnnotatorColumnsReader
{
    public static RawAnnotations Read(string path)
    {
        if (!File.Exists(path))
            throw new DataFormatException(path, ["no such file"]);
        using var reader = RawText.Open(path);
        var rows = CsvReader.Read(reader).ToList();
        if (rows.Count == 0 || rows[0].Fields.Length < 3)
            throw new DataFormatException(path, ["line 1: the header must be post_id,text,<one column per annotator>"]);
        var users = rows[0].Fields[2..];
        var problems = new List<string>();
        foreach (var duplicate in users.GroupBy(u => u).Where(g => g.Count() > 1))
            problems.Add($"line 1: annotator column '{duplicate.Key}' appears {duplicate.Count()} times");
        var annotations = new RawAnnotations();
        var seenPosts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, fields) in rows.Skip(1))
        {
            if (fields.Length == 1 && fields[0].Length == 0)
                continue; // blank line
            if (fields.Length != users.Length + 2)
            {
                problems.Add($"line {line}: {fields.Length} fields, the header has {users.Length + 2}");
                continue;
            }
            if (!seenPosts.Add(fields[0]))
                problems.Add($"line {line}: post id '{fields[0]}' appears again");
            for (int u = 0; u < users.Length; u++)
            {
                if (fields[u + 2].Length > 0)
                    annotations.Add(users[u], new Sample(fields[0], fields[1], [fields[u + 2]]));
            }
        }
        if (problems.Count > 0)
            throw new DataFormatException(path, problems);
        return annotations;
    }
}
