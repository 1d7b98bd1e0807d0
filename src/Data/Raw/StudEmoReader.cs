using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>StudEmo's raw files: <c>annotation_data.csv</c> (<c>post_id,user_id,&lt;one score column per emotion&gt;</c>)
/// and <c>text_data.csv</c> (<c>post_id,text</c>) beside it. A user's labels for a post are the emotion columns scored
/// ≥ 1; the first row of a (user, post) that yields a label wins; users keep their first-row order (the original's
/// defaultdict), posts with no emotion ≥ 1 are left out.</summary>
public static class StudEmoReader
{
    public static RawAnnotations Read(string path)
    {
        string annotationsPath = Directory.Exists(path) ? Path.Combine(path, "annotation_data.csv") : path;
        string textsPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(annotationsPath))!, "text_data.csv");
        foreach (var required in new[] { annotationsPath, textsPath })
        {
            if (!File.Exists(required))
                throw new DataFormatException(required, ["no such file (StudEmo needs annotation_data.csv and text_data.csv side by side)"]);
        }
        var problems = new List<string>();
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var reader = RawText.Open(textsPath))
        {
            foreach (var (_, fields) in CsvReader.Read(reader).Skip(1).Where(r => r.Fields.Length >= 2))
                texts[fields[0]] = fields[1];
        }

        var annotations = new RawAnnotations();
        using (var reader = RawText.Open(annotationsPath))
        {
            var rows = CsvReader.Read(reader).ToList();
            if (rows.Count == 0 || rows[0].Fields.Length < 3)
                throw new DataFormatException(annotationsPath, ["line 1: the header must be post_id,user_id,<one column per emotion>"]);
            var emotions = rows[0].Fields;
            foreach (var (line, fields) in rows.Skip(1).Where(r => !(r.Fields.Length == 1 && r.Fields[0].Length == 0)))
            {
                if (fields.Length != emotions.Length)
                {
                    problems.Add($"{annotationsPath}: line {line}: {fields.Length} fields, the header has {emotions.Length}");
                    continue;
                }
                string post = fields[0], user = fields[1];
                annotations.Touch(user);
                if (annotations.Contains(user, post))
                    continue;
                var labels = new List<string>();
                for (int c = 2; c < fields.Length; c++)
                {
                    if (!PythonLiteral.TryParseFloat(fields[c], out double score))
                        problems.Add($"{annotationsPath}: line {line}: '{fields[c]}' in column '{emotions[c]}' is not a number");
                    else if (score >= 1)
                        labels.Add(emotions[c]);
                }
                if (labels.Count == 0)
                    continue;
                if (!texts.TryGetValue(post, out var text))
                    problems.Add($"{annotationsPath}: line {line}: post '{post}' has no text in text_data.csv");
                else
                    annotations.Add(user, new Sample(post, text, labels));
            }
        }
        if (problems.Count > 0)
            throw new DataFormatException(annotationsPath, problems);
        return annotations;
    }
}
