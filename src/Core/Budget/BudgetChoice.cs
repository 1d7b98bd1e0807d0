namespace PeftU.Core.Budget;

/// <summary>What the solver chose for one method: the knob and its value (null for fixed-size methods), the count it
/// gives, its relative deviation from the target, and the nearest counts below and above the target.</summary>
public sealed record BudgetChoice(
    string Method,
    string? Knob,
    long? Value,
    long Count,
    long Target,
    double Tolerance,
    (long Value, long Count)? Below,
    (long Value, long Count)? Above)
{
    public double Deviation => Target == 0 ? 0 : (Count - Target) / (double)Target;

    /// <summary>A method with no trainable module (zero-/few-shot): budgets do not apply to it.</summary>
    public bool IsFrozenBaseline => Knob is null && Count == 0;

    public bool WithinTolerance => IsFrozenBaseline || Math.Abs(Deviation) <= Tolerance;
}
