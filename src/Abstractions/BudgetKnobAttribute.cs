namespace PeftU.Abstractions;

/// <summary>Marks the one integer option the equal-budget solver may move to reach a parameter target
/// (LoRA rank, number of virtual tokens, adapter bottleneck, prompt-encoder hidden size).</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class BudgetKnobAttribute : Attribute;
