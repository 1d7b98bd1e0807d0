namespace PeftU.Core.Evaluation;

/// <summary>What the model answered for one test prompt: the labels it named (scoring: the best-scoring label;
/// generation: the labels parsed from the text), for generation the raw text, and for scoring each candidate label's
/// summed log-probability (label + EOS) in the order the labels were given.</summary>
public sealed record TestPrediction(IReadOnlyList<string> Labels, string? Generated)
{
    public IReadOnlyList<double>? Scores { get; init; }
}
