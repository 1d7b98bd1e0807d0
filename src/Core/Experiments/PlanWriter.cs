using System.Globalization;
using System.Text;
using PeftU.Abstractions.Tasks;

namespace PeftU.Core.Experiments;

/// <summary>The plan as Markdown text (what <c>peftu plan</c> prints): settings, then one row per task × method cell
/// with its estimated backbone FLOPs and the time they take at <see cref="PlanRate"/> (a lower bound).</summary>
public static class PlanWriter
{
    public static string Markdown(ExperimentPlan plan, IReadOnlyList<CellCost> costs, PlanRate rate)
    {
        var spec = plan.Spec;
        var t = spec.Training;
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"# Plan of `{Path.GetFileName(spec.File)}`");
        text.AppendLine();
        text.AppendLine(c, $"- backbone: `{spec.Backbone.Path}` — {plan.Dims.BaseParameters:N0} parameters, dtype {spec.Backbone.Dtype}, device {spec.Backbone.Device}");
        text.AppendLine(c, $"- training: {t.Epochs} epochs, AdamW lr {t.Lr:G4}, weight decay {t.WeightDecay:G4}, batch {t.Batch}, warm-up {t.WarmupRatio:P0}, seed {t.Seed}, bank size {t.BankSize}");
        string generation = spec.Evaluation.Mode == "generate" ? $" (max {spec.Evaluation.MaxNewTokens} new tokens)" : "";
        text.AppendLine(c, $"- evaluation: {spec.Evaluation.Mode}{generation}");
        var prompts = spec.PromptSettings;
        text.AppendLine(c, $"- prompts (training, validation and test): {prompts.Shots} demos from the user's train split " +
                           $"(zero-/few-shot: their own), inputs cut to {prompts.MaxInputTokens} tokens, {(prompts.Faithful ? "faithful" : "fixed")} sampling");
        if (spec.Budget is { } budget)
            text.AppendLine(c, $"- budget: {budget.Params:N0} trainable parameters per user ± {budget.Tolerance:P2} ({budget.Mode})");
        text.AppendLine(c, $"- output: `{spec.Output}`");
        double total = costs.Sum(x => x.Total);
        text.Append(c, $"- estimate: {Flops(total)} of backbone matmuls; at least {Duration(total / rate.FlopsPerSecond)} at {rate.Gflops:F0} GFLOP/s ({rate.Source}).")
            .AppendLine(" Real runs are slower by per-step overhead, the more so the smaller the model.");
        text.AppendLine();
        text.AppendLine("| task | users | train / val / test | method | options | trainable per user | % of base | banks | train FLOPs | test FLOPs | time ≥ |");
        text.AppendLine("|---|---:|---|---|---|---:|---:|---:|---:|---:|---:|");
        int index = 0;
        foreach (var cell in plan.Cells)
        {
            var cost = costs[index++];
            var users = cell.Task.Dataset.Users;
            string splits = string.Join(" / ", SplitNames.All.Select(s => users.Sum(u => u[s].Count).ToString(c)));
            string options = EffectiveOptions.Text(cell.Method.Plugin, plan.Dims) +
                TrainingDifference(t, cell.Method.Training);
            text.AppendLine(c,
                $"| {cell.Task.Plugin.Definition.Id} | {users.Count} | {splits} | {cell.Method.Plugin.Descriptor.Id} | {(options.Length == 0 ? "—" : options)} | " +
                $"{cell.Method.TrainableParameters:N0} | {100.0 * cell.Method.TrainableParameters / plan.Dims.BaseParameters:F4} | {cell.Banks} | " +
                $"{(cost.TrainFlops == 0 ? "—" : Flops(cost.TrainFlops))} | {Flops(cost.TestFlops)} | {Duration(cost.Total / rate.FlopsPerSecond)} |");
        }
        return text.ToString();
    }

    /// <summary>A method's own training settings where they differ from the section's, as " · training: lr=0.03".</summary>
    private static string TrainingDifference(TrainingSpec section, TrainingSpec own)
    {
        var c = CultureInfo.InvariantCulture;
        var changed = section.Values.Zip(own.Values).Where(p => !Equals(p.First.Value, p.Second.Value))
            .Select(p => string.Create(c, $"{p.Second.Key}={p.Second.Value}")).ToList();
        return changed.Count == 0 ? "" : " · training: " + string.Join(", ", changed);
    }

    /// <summary>FLOPs with an SI prefix and three significant digits (e.g. 4.21 TFLOP).</summary>
    public static string Flops(double flops)
    {
        string[] prefixes = ["", "k", "M", "G", "T", "P", "E"];
        int p = 0;
        while (flops >= 1000 && p < prefixes.Length - 1)
        {
            flops /= 1000;
            p++;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{flops:G3} {prefixes[p]}FLOP");
    }

    public static string Duration(double seconds) => seconds switch
    {
        < 0.05 => "< 0.1 s",
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.#} min"),
        < 172_800 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.#} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400:0.#} d"),
    };
}

/// <summary>The matmul rate the plan's times assume: measured on this machine or given.</summary>
public sealed record PlanRate(double Gflops, string Source)
{
    public double FlopsPerSecond => Gflops * 1e9;
}
