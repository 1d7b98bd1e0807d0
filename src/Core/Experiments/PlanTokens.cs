using PeftU.Core.Tokenization;

namespace PeftU.Core.Experiments;

/// <summary>Token counts for the plan's estimates, from the backbone's tokenizer; a folder without one (a config-only
/// plan) falls back to T5's English average of about 4 characters per token, plus EOS. <c>plan --shards</c> and every
/// <c>run --shard</c> use the same counter, so they cut the same partition.</summary>
public static class PlanTokens
{
    public static Func<string, int> Counter(string backboneFolder)
    {
        if (!T5Tokenizer.IsIn(backboneFolder))
            return text => text.Length / 4 + 1;
        var tokenizer = T5Tokenizer.FromFolder(backboneFolder);
        var cache = new Dictionary<string, int>(StringComparer.Ordinal);
        return text => cache.TryGetValue(text, out int n) ? n : cache[text] = tokenizer.Encode(text).Length;
    }

    /// <summary>Every cell's estimate, in <see cref="ExperimentPlan.Cells"/> order.</summary>
    public static IReadOnlyList<CellCost> Costs(ExperimentPlan plan)
    {
        var tokens = Counter(ExperimentPaths.ResolveBackbone(plan.Spec, plan.Spec.Backbone.Path));
        return [.. plan.Cells.Select(cell => CellCostEstimator.Estimate(plan, cell, tokens))];
    }
}
