namespace PeftU.Abstractions.Tasks;

/// <summary>What a task is: its label set (in the original's order), whether a sample may carry several labels, and
/// the instruction that opens every prompt.</summary>
public sealed record TaskDefinition(string Id, IReadOnlyList<string> Labels, bool MultiLabel, string Instruction);
