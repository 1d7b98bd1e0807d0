namespace PeftU.Data.Evaluation;

/// <summary>Krippendorff's α over (item, coder's label set) ratings with the MASI set distance — what the original
/// reports via nltk's <c>AnnotationTask(distance=masi_distance).alpha()</c>. For single labels MASI is the nominal
/// distance (0 same, 1 different), so this is nominal α. Items rated once are ignored, as in nltk.</summary>
public static class Krippendorff
{
    public static double Alpha(IEnumerable<(string Item, IReadOnlyCollection<string> Labels)> ratings)
    {
        var byItem = ratings.GroupBy(r => r.Item)
            .Select(g => g.Select(r => LabelSet.Of(r.Labels)).ToList())
            .Where(labels => labels.Count >= 2)
            .ToList();
        if (byItem.Count == 0)
            throw new InvalidOperationException("Krippendorff's α needs an item rated at least twice.");
        var all = byItem.SelectMany(x => x).ToList();
        double observed = byItem.Sum(labels => Disagreement(labels) * labels.Count) / all.Count;
        double expected = Disagreement(all);
        return expected == 0 ? 1.0 : 1.0 - observed / expected;
    }

    /// <summary>nltk MASI distance: 1 − Jaccard · m, m = 1 equal, 0.67 subset, 0.33 overlap, 0 disjoint.</summary>
    public static double Masi(LabelSet a, LabelSet b)
    {
        int intersection = a.Labels.Intersect(b.Labels).Count();
        int union = a.Labels.Union(b.Labels).Count();
        double m = a.Labels.Count == b.Labels.Count && a.Labels.Count == intersection ? 1
            : intersection == Math.Min(a.Labels.Count, b.Labels.Count) ? 0.67
            : intersection > 0 ? 0.33
            : 0;
        return 1 - (double)intersection / union * m;
    }

    // nltk: Σ_j Σ_l n_j n_l d(l, j) / (n (n − 1)) over the label-set frequencies.
    private static double Disagreement(IReadOnlyList<LabelSet> labels)
    {
        var frequencies = labels.GroupBy(l => l).Select(g => (Set: g.Key, Count: (double)g.Count())).ToList();
        double pairs = 0;
        foreach (var (a, na) in frequencies)
        {
            foreach (var (b, nb) in frequencies)
                pairs += na * nb * Masi(a, b);
        }
        return pairs / (labels.Count * (labels.Count - 1.0));
    }
}

/// <summary>A label set with value equality (a frozenset in the original).</summary>
public sealed record LabelSet(IReadOnlySet<string> Labels)
{
    public static LabelSet Of(IEnumerable<string> labels) => new(new SortedSet<string>(labels, StringComparer.Ordinal));

    public bool Equals(LabelSet? other) => other is not null && Labels.SetEquals(other.Labels);

    public override int GetHashCode() => Labels.Aggregate(0, (h, l) => h ^ l.GetHashCode(StringComparison.Ordinal));
}
