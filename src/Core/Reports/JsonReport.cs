using PeftU.Core;
using System.Text.Json;
using PeftU.Core.Results;

namespace PeftU.Core.Reports;

/// <summary><c>results.json</c> for other tools: <c>cells[{task, method, options, trainable_params, mean_user_accuracy,
/// micro_accuracy, users, seconds, …}]</c> with accuracies as fractions, per-label scores and per-user records.</summary>
public static class JsonReport
{
    public static string Write(RunManifest manifest, IReadOnlyList<CellResult> cells)
    {
        var document = new
        {
            experiment = manifest.Experiment,
            backbone = Path.GetFileName(manifest.Backbone.TrimEnd('/', '\\')),
            dtype = manifest.Dtype,
            base_params = manifest.BaseParameters,
            cells = cells.Select(c => new
            {
                task = c.Cell.Task,
                method = c.Cell.Method,
                cell = c.Cell.Cell,
                options = c.Cell.Options.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value),
                trainable_params = c.Cell.TrainableParams,
                peft_convention_params = c.Cell.PeftConventionParams,
                trainable_fraction = c.TrainableFraction(manifest.BaseParameters),
                peft_trainable_fraction = c.PeftFraction(manifest.BaseParameters),
                mean_user_accuracy = c.Metrics?.MeanUserAccuracy,
                ci_low = c.Metrics?.CiLow,
                ci_high = c.Metrics?.CiHigh,
                micro_accuracy = c.Metrics?.MicroAccuracy,
                users = c.Records.Count,
                users_planned = c.Cell.Users.Count,
                samples = c.Metrics?.Samples ?? 0,
                seconds = c.Seconds,
                per_label = c.Metrics?.PerLabel.Select(l => new { label = l.Label, precision = l.Precision, recall = l.Recall, f1 = l.F1, support = l.Support }),
                user_records = c.Records.Select(r => new
                {
                    user = r.UserId,
                    accuracy = r.Predictions.Count == 0 ? 0 : r.Correct / (double)r.Predictions.Count,
                    correct = r.Correct,
                    test_examples = r.Predictions.Count,
                    train_examples = r.TrainExamples,
                    val_examples = r.ValExamples,
                    best_epoch = r.BestEpoch,
                    val_losses = r.ValLosses,
                    diverged_epoch = r.DivergedEpoch,
                    steps = r.Steps,
                    seconds = r.Seconds,
                }),
            }),
        };
        return JsonSerializer.Serialize(document, OutputJson.Options) + "\n";
    }
}
