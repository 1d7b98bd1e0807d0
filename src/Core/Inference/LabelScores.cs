namespace PeftU.Core.Inference;

/// <summary>Per prompt row and candidate label: the teacher-forced log-probability of the label's ids + EOS
/// (<see cref="Sum"/>) and its per-token mean (<see cref="Mean"/>, length-normalised).</summary>
public sealed record LabelScores(double[,] Sum, double[,] Mean)
{
    /// <summary>Per row, the index of the label with the highest summed log-probability (first on ties).</summary>
    public int[] ArgmaxSum() => Argmax(Sum);

    public int[] ArgmaxMean() => Argmax(Mean);

    private static int[] Argmax(double[,] scores) =>
        Enumerable.Range(0, scores.GetLength(0))
            .Select(r => Enumerable.Range(0, scores.GetLength(1)).Aggregate((best, l) => scores[r, l] > scores[r, best] ? l : best))
            .ToArray();
}
