using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;

namespace PeftU.Core.Budget;

/// <summary>Equal-budget solving: per method, the value of its <c>[BudgetKnob]</c> option whose analytic trainable count
/// is closest to the target (tie → the smaller value), searched within the option's declared range. Counts are
/// non-decreasing in every knob (they are linear in rank, tokens, bottleneck or hidden size), so a binary search finds
/// the crossing. Methods without a knob report their fixed count.</summary>
public static class BudgetSolver
{
    public static BudgetChoice Solve(IPeftMethod method, BackboneDims dims, long target, double tolerance)
    {
        var knob = method.Descriptor.BudgetKnob;
        string id = method.Descriptor.Id;
        var original = method.GetOptionValues();
        if (knob is null)
            return new BudgetChoice(id, null, null, method.TrainableParameters(dims), target, tolerance, null, null);
        try
        {
            long low = (long)Math.Max(1, knob.Min ?? 1), high = (long)(knob.Max ?? 1 << 20);
            long Count(long value)
            {
                method.Configure(new Dictionary<string, object?> { [knob.Name] = (int)value });
                return method.TrainableParameters(dims);
            }
            // Smallest value whose count reaches the target (or high when none does).
            long lo = low, hi = high;
            while (lo < hi)
            {
                long mid = lo + (hi - lo) / 2;
                if (Count(mid) >= target)
                    hi = mid;
                else
                    lo = mid + 1;
            }
            long aboveValue = lo, aboveCount = Count(lo);
            if (aboveCount < target) // even the largest value falls short
                return new BudgetChoice(id, knob.Name, aboveValue, aboveCount, target, tolerance, (aboveValue, aboveCount), null);
            (long, long)? below = lo > low ? (lo - 1, Count(lo - 1)) : null;
            (long, long)? above = (aboveValue, aboveCount);
            var (value, count) = below is { } b && target - b.Item2 <= aboveCount - target ? b : (aboveValue, aboveCount);
            return new BudgetChoice(id, knob.Name, value, count, target, tolerance, below, above);
        }
        finally
        {
            method.Configure(original.ToDictionary(kv => kv.Key, kv => (object?)kv.Value));
        }
    }

    /// <summary>Sets the chosen value on the method, or throws naming the target, the tolerance and the nearest counts.</summary>
    public static BudgetChoice Apply(IPeftMethod method, BackboneDims dims, long target, double tolerance)
    {
        var choice = Solve(method, dims, target, tolerance);
        if (!choice.WithinTolerance)
            throw new BudgetException(Describe(choice));
        if (choice.Knob is not null)
            method.Configure(new Dictionary<string, object?> { [choice.Knob] = (int)choice.Value!.Value });
        return choice;
    }

    public static string Describe(BudgetChoice c)
    {
        string nearest = c.Knob is null
            ? $"its size is fixed at {c.Count:N0}"
            : "nearest achievable: " + string.Join(", ", new[] { c.Below, c.Above }.OfType<(long Value, long Count)>()
                .Select(n => $"{c.Knob}={n.Value} → {n.Count:N0}"));
        return $"method '{c.Method}' cannot meet {c.Target:N0} trainable parameters within ±{c.Tolerance:P2}: {nearest}.";
    }
}

/// <summary>A budget that a method cannot meet; the message names method, target, tolerance and the nearest counts.</summary>
public sealed class BudgetException(string message) : Exception(message);
