using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>GoEmotions' <c>goemotions_{1,2,3}.csv</c> as peft_u/write_data/prepare_goemotion.py reads them, in that
/// order: column 0 text, 1 id, 7 rater; each column from 9 on that is exactly <c>1</c> names (by its header) an
/// emotion, mapped to Ekman's six. A row with <c>neutral</c> among them, or with none, is skipped before its rater is
/// registered; otherwise the first row per (rater, id) wins. The original collects the labels in a Python set, whose
/// order varies from run to run (string hashing is randomised); here they follow the grouping's order.</summary>
public static class GoEmotionReader
{
    public static readonly string[] FileNames = ["goemotions_1.csv", "goemotions_2.csv", "goemotions_3.csv"];

    private const int TextColumn = 0, IdColumn = 1, UserColumn = 7, FirstEmotionColumn = 9;

    public static RawAnnotations Read(string rawPath)
    {
        // The original reads the mapping file from the data folder; without one the published grouping is used.
        string mappingPath = Directory.Exists(rawPath) ? Path.Combine(rawPath, EkmanMapping.FileName)
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(rawPath))!, EkmanMapping.FileName);
        var grouping = File.Exists(mappingPath) ? EkmanMapping.Read(mappingPath) : [.. EkmanMapping.Published];
        var fineToEkman = EkmanMapping.FineToEkman(grouping);
        var ekmanOrder = grouping.Select(g => g.Key).Append("neutral").Distinct().ToList();

        var annotations = new RawAnnotations();
        foreach (var name in FileNames)
        {
            var csv = PositionalCsv.Read(RawFiles.Find(rawPath, name, sibling: true), ',');
            var problems = new List<string>();
            foreach (var (line, fields) in csv.Rows)
            {
                if (!csv.Has(line, fields, UserColumn, problems))
                    continue;
                var labels = new HashSet<string>(StringComparer.Ordinal);
                for (int c = FirstEmotionColumn; c < fields.Length; c++)
                {
                    if (fields[c] != "1")
                        continue;
                    if (c >= csv.Header.Length)
                        problems.Add($"line {line}: column {c + 1} is 1 but the header has only {csv.Header.Length} columns");
                    else if (!fineToEkman.TryGetValue(csv.Header[c], out var ekman))
                        problems.Add($"line {line}: {csv.Column(c)} is not an emotion of {EkmanMapping.FileName}");
                    else
                        labels.Add(ekman);
                }
                if (labels.Count == 0 || labels.Contains("neutral"))
                    continue;
                string user = fields[UserColumn], post = fields[IdColumn];
                if (!annotations.Contains(user, post))
                    annotations.Add(user, new Sample(post, fields[TextColumn], ekmanOrder.Where(labels.Contains).ToList()));
            }
            if (problems.Count > 0)
                throw new DataFormatException(csv.Path, problems);
        }
        return annotations;
    }
}
