namespace PeftU.Core.Results;

/// <summary>One finished user of one cell, written atomically as soon as the user's bank is done. <see cref="Signature"/>
/// identifies everything the result depends on (backbone, task and options, method and options, training and
/// evaluation settings): a resumed run reuses a record only when it matches. <see cref="DivergedEpoch"/> is the first
/// epoch whose validation loss was NaN or infinite (null: training never diverged); <see cref="PromptsCut"/> how many of
/// the user's train, validation and test prompts were longer than max_input_tokens and cut (losing their query).</summary>
public sealed record UserRecord(
    string Task,
    string Cell,
    string Signature,
    string UserId,
    int TrainExamples,
    int ValExamples,
    IReadOnlyList<double> ValLosses,
    int BestEpoch,
    int Steps,
    double Seconds,
    IReadOnlyList<PredictionRecord> Predictions,
    int? DivergedEpoch = null,
    int PromptsCut = 0)
{
    public int Correct => Predictions.Count(p => p.Correct);
}

/// <summary>One test sample as the original records it: predicted (null when no label was recognised), true, correct;
/// with generation also the generated text.</summary>
public sealed record PredictionRecord(string SampleId, string? Predicted, string True, bool Correct, string? Generated = null);
