namespace PeftU.Data.Evaluation;

/// <summary>The benchmark's metrics over a set of predictions: mean per-user accuracy (primary: users weigh equally),
/// micro accuracy (samples weigh equally), per-label precision/recall/F1 over (predicted, true) pairs as sklearn's
/// classification report on the original's pairs, the per-user accuracy distribution and a bootstrap 95% CI over users.</summary>
public sealed record Metrics(
    double MeanUserAccuracy,
    double MicroAccuracy,
    int Users,
    int Samples,
    IReadOnlyDictionary<string, double> UserAccuracy,
    IReadOnlyList<LabelScore> PerLabel,
    double CiLow,
    double CiHigh)
{
    public const int BootstrapSamples = 1000;
    public const int BootstrapSeed = 42;

    public static Metrics Compute(IReadOnlyList<Prediction> predictions, IReadOnlyList<string> labels)
    {
        if (predictions.Count == 0)
            throw new ArgumentException("no predictions to score.", nameof(predictions));
        var byUser = predictions.GroupBy(p => p.UserId)
            .ToDictionary(g => g.Key, g => g.Count(p => p.Correct) / (double)g.Count(), StringComparer.Ordinal);
        var userAccuracies = byUser.Values.ToArray();
        var (low, high) = BootstrapMeanCi(userAccuracies);
        return new Metrics(
            userAccuracies.Average(),
            predictions.Count(p => p.Correct) / (double)predictions.Count,
            byUser.Count,
            predictions.Count,
            byUser,
            labels.Select(l => LabelScore.For(l, predictions)).ToList(),
            low,
            high);
    }

    /// <summary>Percentile bootstrap of the mean: resample users with replacement (seeded, so reports are stable).</summary>
    public static (double Low, double High) BootstrapMeanCi(IReadOnlyList<double> values, int samples = BootstrapSamples, int seed = BootstrapSeed)
    {
        var random = new PythonRandom(seed);
        var means = new double[samples];
        for (int b = 0; b < samples; b++)
        {
            double sum = 0;
            for (int i = 0; i < values.Count; i++)
                sum += values[(int)random.RandBelow(values.Count)];
            means[b] = sum / values.Count;
        }
        Array.Sort(means);
        return (Percentile(means, 0.025), Percentile(means, 0.975));
    }

    // Linear interpolation between closest ranks (numpy's default).
    private static double Percentile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}

/// <summary>Precision, recall and F1 of one label over (predicted, true) pairs; 0 where undefined (zero_division=0).</summary>
public sealed record LabelScore(string Label, double Precision, double Recall, double F1, int Support)
{
    public static LabelScore For(string label, IReadOnlyList<Prediction> predictions)
    {
        int tp = predictions.Count(p => p.Predicted == label && p.True == label);
        int predicted = predictions.Count(p => p.Predicted == label);
        int support = predictions.Count(p => p.True == label);
        double precision = predicted == 0 ? 0 : tp / (double)predicted;
        double recall = support == 0 ? 0 : tp / (double)support;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new LabelScore(label, precision, recall, f1, support);
    }
}
