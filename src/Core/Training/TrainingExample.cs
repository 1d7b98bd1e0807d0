namespace PeftU.Core.Training;

/// <summary>One tokenized example: encoder input ids (EOS-terminated, truncated) and target ids (EOS-terminated);
/// <see cref="InputCut"/> when the prompt was longer than the input limit and lost its end.</summary>
public sealed record TrainingExample(int[] Input, int[] Target, bool InputCut = false);

/// <summary>One user's tokenized training and validation examples, in split order.</summary>
public sealed record UserExamples(string UserId, IReadOnlyList<TrainingExample> Train, IReadOnlyList<TrainingExample> Val);
