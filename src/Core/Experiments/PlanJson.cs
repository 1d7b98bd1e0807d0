using System.Text.Json;

namespace PeftU.Core.Experiments;

/// <summary>The plan as JSON (<c>peftu plan --json</c>): every cell with its settings as resolved — the method's own
/// training keys over the section's, the prompts it gets (a frozen method's own shots), how it is evaluated — and its
/// estimated FLOPs, so a reader can compare a file with the paper without reading code.</summary>
public static class PlanJson
{
    public static string Write(ExperimentPlan plan, IReadOnlyList<CellCost> costs, Sharding.ShardPlan? shards = null)
    {
        var spec = plan.Spec;
        var prompts = spec.PromptSettings;
        var cells = plan.Cells.Select((cell, i) =>
        {
            return new
            {
                task = cell.Task.Plugin.Descriptor.Id,
                method = cell.Method.Plugin.Descriptor.Id,
                options = EffectiveOptions.Of(cell.Method.Plugin, plan.Dims),
                trainable_params = cell.Method.TrainableParameters,
                training = cell.Method.Training.Values.ToDictionary(v => v.Key, v => v.Value),
                prompts = new
                {
                    shots = ExperimentPrompts.Shots(cell.Method.Plugin, prompts),
                    max_input_tokens = prompts.MaxInputTokens,
                    faithful = prompts.Faithful,
                    mean_input_tokens = Math.Round(costs[i].MeanInputTokens, 1), // test prompts, after the cut
                    cut_share = Math.Round(costs[i].CutShare, 4),
                },
                evaluation = new { mode = cell.Method.Evaluation.Mode, max_new_tokens = cell.Method.Evaluation.MaxNewTokens },
                train_flops = costs[i].TrainFlops,
                test_flops = costs[i].TestFlops,
            };
        });
        return shards is null
            ? JsonSerializer.Serialize(new { cells }, OutputJson.Options) + "\n"
            : JsonSerializer.Serialize(new { cells, shards = shards.Json() }, OutputJson.Options) + "\n";
    }
}
