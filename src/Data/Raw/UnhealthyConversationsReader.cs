using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Raw;

/// <summary>UnhealthyConversations' <c>unhealthy_full.csv</c> as peft_u/write_data/prepare_unhealthyconversations.py
/// reads it: columns 0 id, 1 text, 3 worker, 9 <c>healthy</c> (<c>1</c>→healthy, <c>0</c>→unhealthy, compared as
/// strings); the first row per (worker, id) wins and later ones are not looked at (their label is never mapped).</summary>
public static class UnhealthyConversationsReader
{
    public const string FileName = "unhealthy_full.csv";

    private const int IdColumn = 0, TextColumn = 1, UserColumn = 3, LabelColumn = 9;

    public static RawAnnotations Read(string rawPath)
    {
        var csv = PositionalCsv.Read(RawFiles.Find(rawPath, FileName), ',');
        var problems = new List<string>();
        var annotations = new RawAnnotations();
        foreach (var (line, fields) in csv.Rows)
        {
            if (!csv.Has(line, fields, LabelColumn, problems))
                continue;
            string post = fields[IdColumn], user = fields[UserColumn];
            annotations.Touch(user);
            if (annotations.Contains(user, post))
                continue;
            string? label = fields[LabelColumn] switch { "1" => "healthy", "0" => "unhealthy", _ => null };
            if (label is null)
                problems.Add($"line {line}: {csv.Column(LabelColumn)} is '{fields[LabelColumn]}', expected 1 or 0");
            else
                annotations.Add(user, new Sample(post, fields[TextColumn], [label]));
        }
        if (problems.Count > 0)
            throw new DataFormatException(csv.Path, problems);
        return annotations;
    }
}
