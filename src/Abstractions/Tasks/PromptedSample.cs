namespace PeftU.Abstractions.Tasks;

/// <summary>One sample ready for the model: few-shot and zero-shot prompts, the target text and the gold labels.</summary>
public sealed record PromptedSample(string SampleId, string FewShotPrompt, string ZeroShotPrompt, string Target, IReadOnlyList<string> Labels);
