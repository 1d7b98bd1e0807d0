namespace PeftU.Core.Evaluation;

/// <summary>What the model answered for one test prompt: the labels it named (scoring: the best-scoring label;
/// generation: the labels parsed from the text) and, for generation, the raw text.</summary>
public sealed record TestPrediction(IReadOnlyList<string> Labels, string? Generated);
