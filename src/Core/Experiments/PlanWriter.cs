using System.Globalization;
using System.Text;
using PeftU.Abstractions.Tasks;

namespace PeftU.Core.Experiments;

/// <summary>The plan as Markdown text (what <c>peftu plan</c> prints): settings, then one row per task × method cell.</summary>
public static class PlanWriter
{
    public static string Markdown(ExperimentPlan plan)
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
        if (spec.Budget is { } budget)
            text.AppendLine(c, $"- budget: {budget.Params:N0} trainable parameters per user ± {budget.Tolerance:P2} ({budget.Mode})");
        text.AppendLine(c, $"- output: `{spec.Output}`");
        text.AppendLine();
        text.AppendLine("| task | users | train / val / test | method | options | trainable per user | % of base | banks |");
        text.AppendLine("|---|---:|---|---|---|---:|---:|---:|");
        foreach (var cell in plan.Cells)
        {
            var users = cell.Task.Dataset.Users;
            string splits = string.Join(" / ", SplitNames.All.Select(s => users.Sum(u => u[s].Count).ToString(c)));
            string options = string.Join(", ", cell.Method.Plugin.GetOptionValues().Select(kv => $"{kv.Key}={kv.Value}"));
            text.AppendLine(c,
                $"| {cell.Task.Plugin.Definition.Id} | {users.Count} | {splits} | {cell.Method.Plugin.Descriptor.Id} | {(options.Length == 0 ? "—" : options)} | " +
                $"{cell.Method.TrainableParameters:N0} | {100.0 * cell.Method.TrainableParameters / plan.Dims.BaseParameters:F4} | {cell.Banks} |");
        }
        return text.ToString();
    }
}
