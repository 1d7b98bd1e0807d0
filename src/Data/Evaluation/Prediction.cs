namespace PeftU.Data.Evaluation;

/// <summary>One test sample's outcome as the original records it (<c>PredIdPair</c>): correct → predicted = true = the
/// gold label named; wrong → predicted = the first recognised label (null if none), true = the first gold label.</summary>
public sealed record Prediction(string UserId, string SampleId, string? Predicted, string True, bool Correct)
{
    public static Prediction From(string userId, string sampleId, IReadOnlyList<string> predictedLabels, IReadOnlyList<string> gold)
    {
        var hit = predictedLabels.FirstOrDefault(gold.Contains);
        return hit is not null
            ? new Prediction(userId, sampleId, hit, hit, true)
            : new Prediction(userId, sampleId, predictedLabels.FirstOrDefault(), gold[0], false);
    }
}
