using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>SubjectiveDiscourse's <c>with_features_annotated_questions_responses_gold.tsv</c>: per row (a question and
/// its response), column 3 the post id, columns 5–8 the text parts (joined with <c>" \n "</c>), column 17 the annotators
/// (a Python list literal) and, per annotator in order, column 11 the response label, column 21 the question sentiment
/// and column 18 the response sentiment (camelCase sentiments mapped to kebab-case). A later row for the same
/// (user, post) replaces the earlier one in place, as the original's dict assignment.</summary>
public static class SubjectiveDiscourseReader
{
    public enum Variant
    {
        Response,
        QuestionSentiment,
        ResponseSentiment,
    }

    private const int PostColumn = 3, UsersColumn = 17, LabelsColumn = 11, QuestionSentimentColumn = 21, ResponseSentimentColumn = 18;

    private static readonly Dictionary<string, string> SentimentNames = new(StringComparer.Ordinal)
    {
        ["somewhatNegative"] = "somewhat-negative",
        ["somewhatPositive"] = "somewhat-positive",
        ["veryNegative"] = "very-negative",
        ["veryPositive"] = "very-positive",
    };

    public static RawAnnotations Read(string path, Variant variant)
    {
        if (!File.Exists(path))
            throw new DataFormatException(path, ["no such file (expected with_features_annotated_questions_responses_gold.tsv)"]);
        var problems = new List<string>();
        var annotations = new RawAnnotations();
        using var reader = RawText.Open(path);
        foreach (var (line, fields) in CsvReader.Read(reader, '\t').Skip(1).Where(r => !(r.Fields.Length == 1 && r.Fields[0].Length == 0)))
        {
            if (fields.Length <= QuestionSentimentColumn)
            {
                problems.Add($"line {line}: {fields.Length} columns, at least {QuestionSentimentColumn + 1} expected");
                continue;
            }
            var users = List(fields, UsersColumn, line, problems);
            var values = variant switch
            {
                Variant.Response => List(fields, LabelsColumn, line, problems),
                Variant.QuestionSentiment => List(fields, QuestionSentimentColumn, line, problems)?.Select(Map).ToList(),
                _ => List(fields, ResponseSentimentColumn, line, problems)?.Select(Map).ToList(),
            };
            if (users is null || values is null)
                continue;
            if (values.Count < users.Count)
            {
                problems.Add($"line {line}: {users.Count} annotators but {values.Count} labels");
                continue;
            }
            string text = $"{fields[5]} \n {fields[6]} \n {fields[7]} \n {fields[8]}";
            for (int u = 0; u < users.Count; u++)
                annotations.Add(users[u], new Sample(fields[PostColumn], text, [values[u]]));
        }
        if (problems.Count > 0)
            throw new DataFormatException(path, problems);
        return annotations;
    }

    private static string Map(string sentiment) => SentimentNames.GetValueOrDefault(sentiment, sentiment);

    private static List<string>? List(string[] fields, int column, int line, List<string> problems)
    {
        var list = PythonLiteral.ParseStringList(fields[column]);
        if (list is null)
            problems.Add($"line {line}: column {column} is not a list of strings: {fields[column]}");
        return list;
    }
}
