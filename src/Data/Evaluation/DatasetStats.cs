using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Evaluation;

/// <summary>What <c>peftu data stats</c> prints: users, samples per split, label counts, texts per annotator count and
/// annotator agreement.</summary>
public sealed record DatasetStats(
    int Users,
    IReadOnlyDictionary<SplitName, int> SamplesPerSplit,
    IReadOnlyDictionary<string, int> LabelCounts,
    int DistinctTexts,
    double AnnotatorsPerText,
    double? KrippendorffAlpha)
{
    public static DatasetStats Of(PersonalizedDataset dataset)
    {
        var all = dataset.Users.SelectMany(u => u.All.Select(s => (u.UserId, Sample: s))).ToList();
        var perText = all.GroupBy(x => x.Sample.Id).ToList();
        double? alpha = perText.Any(g => g.Count() >= 2)
            ? Krippendorff.Alpha(all.Select(x => (x.Sample.Id, (IReadOnlyCollection<string>)x.Sample.Labels)))
            : null;
        return new DatasetStats(
            dataset.Users.Count,
            SplitNames.All.ToDictionary(s => s, s => dataset.Users.Sum(u => u[s].Count)),
            all.SelectMany(x => x.Sample.Labels).GroupBy(l => l).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            perText.Count,
            perText.Count == 0 ? 0 : all.Count / (double)perText.Count,
            alpha);
    }
}
