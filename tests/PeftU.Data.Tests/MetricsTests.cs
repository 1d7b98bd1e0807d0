using PeftU.Data.Evaluation;

namespace PeftU.Data.Tests;

public sealed class MetricsTests
{
    private static readonly string[] Labels = ["Hateful", "Non-hateful"];

    [Fact]
    public void Users_weigh_equally_in_the_primary_metric_and_samples_in_micro_accuracy()
    {
        var predictions = new List<Prediction>();
        // u1: 1 of 1 right; u2: 1 of 3 right.
        predictions.Add(Prediction.From("u1", "a", ["Hateful"], ["Hateful"]));
        predictions.Add(Prediction.From("u2", "b", ["Hateful"], ["Hateful"]));
        predictions.Add(Prediction.From("u2", "c", ["Hateful"], ["Non-hateful"]));
        predictions.Add(Prediction.From("u2", "d", [], ["Non-hateful"]));
        var metrics = Metrics.Compute(predictions, Labels);
        Assert.Equal((1.0 + 1.0 / 3) / 2, metrics.MeanUserAccuracy, 12);
        Assert.Equal(0.5, metrics.MicroAccuracy, 12);
        Assert.Equal(2, metrics.Users);

        var hateful = metrics.PerLabel[0];
        Assert.Equal((2.0 / 3, 1.0, 0.8, 2), (hateful.Precision, hateful.Recall, hateful.F1, hateful.Support));
        var nonHateful = metrics.PerLabel[1];
        Assert.Equal((0.0, 0.0, 0.0, 2), (nonHateful.Precision, nonHateful.Recall, nonHateful.F1, nonHateful.Support));
    }

    [Fact]
    public void Bootstrap_interval_brackets_the_mean_and_is_reproducible()
    {
        double[] accuracies = [0.4, 0.5, 0.55, 0.6, 0.7, 0.9, 0.65, 0.3];
        var (low, high) = Metrics.BootstrapMeanCi(accuracies);
        Assert.True(low < accuracies.Average() && accuracies.Average() < high);
        Assert.True(low >= accuracies.Min() && high <= accuracies.Max());
        Assert.Equal((low, high), Metrics.BootstrapMeanCi(accuracies));
        var (sameLow, sameHigh) = Metrics.BootstrapMeanCi([0.5, 0.5, 0.5]);
        Assert.Equal((0.5, 0.5), (sameLow, sameHigh));
    }
}

public sealed class KrippendorffTests
{
    [Fact]
    public void Nominal_alpha_matches_the_hand_computed_value()
    {
        // Two coders, four items: (a,a) (a,a) (b,b) (b,a). Observed 2/8, expected 30/56 → α = 1 − 0.25/0.5357 = 0.5333.
        var ratings = new (string, IReadOnlyCollection<string>)[]
        {
            ("1", ["a"]), ("1", ["a"]), ("2", ["a"]), ("2", ["a"]), ("3", ["b"]), ("3", ["b"]), ("4", ["b"]), ("4", ["a"]),
        };
        Assert.Equal(1 - 0.25 / (30.0 / 56), Krippendorff.Alpha(ratings), 12);
    }

    [Fact]
    public void Masi_distance_follows_nltk()
    {
        LabelSet Set(params string[] labels) => LabelSet.Of(labels);
        Assert.Equal(0, Krippendorff.Masi(Set("a", "b"), Set("b", "a")));
        Assert.Equal(1 - 0.5 * 0.67, Krippendorff.Masi(Set("a"), Set("a", "b")), 12);
        Assert.Equal(1 - 1.0 / 3 * 0.33, Krippendorff.Masi(Set("a", "b"), Set("b", "c")), 12);
        Assert.Equal(1, Krippendorff.Masi(Set("a"), Set("c")));
    }

    [Fact]
    public void Perfect_agreement_is_one_and_items_rated_once_are_ignored()
    {
        var ratings = new (string, IReadOnlyCollection<string>)[] { ("1", ["a"]), ("1", ["a"]), ("2", ["b"]), ("2", ["b"]), ("3", ["a"]) };
        Assert.Equal(1.0, Krippendorff.Alpha(ratings), 12);
    }
}
