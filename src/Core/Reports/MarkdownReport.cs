using System.Globalization;
using System.Text;
using PeftU.Core.Results;

namespace PeftU.Core.Reports;

/// <summary><c>report.md</c>: per task a table of methods (mean per-user accuracy with its bootstrap CI over users, micro
/// accuracy, trainable parameters in both conventions, wall time), the per-label F1 table and the plots.</summary>
public static class MarkdownReport
{
    /// <remarks><paramref name="unfinishedShards"/>: shards that have not finished while cells are incomplete (none once
    /// complete, so a sharded run's report equals an unsharded one's).</remarks>
    public static string Write(RunManifest manifest, IReadOnlyList<CellResult> cells, IReadOnlyList<string> plots, IReadOnlyList<string>? unfinishedShards = null)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine($"# Results: {manifest.Experiment}").AppendLine();
        md.AppendLine(string.Create(inv, $"Backbone `{Path.GetFileName(manifest.Backbone.TrimEnd('/', '\\'))}` ({manifest.BaseParameters:N0} parameters, {manifest.Dtype}). ") +
                           "Accuracy is the mean over users of each user's test accuracy (users weigh equally), with a 95% percentile-bootstrap " +
                           "interval over users; micro accuracy weighs samples equally. Trainable % is this project's count over the base model; " +
                           "HF peft % is what `print_trainable_parameters` prints (its count over base + its count).").AppendLine();
        foreach (string shards in unfinishedShards ?? [])
            md.AppendLine($"Shards not finished: {shards}. Their users are missing below; re-run those shards to resume them.").AppendLine();
        foreach (var task in cells.GroupBy(c => c.Cell.Task))
        {
            var list = task.ToList();
            md.AppendLine(inv, $"## {task.Key} ({list[0].Cell.Users.Count} users)").AppendLine();
            md.AppendLine("| Method | Options | Trainable params | Trainable % | HF peft % | Mean user accuracy | 95% CI | Micro accuracy | Users done | Time |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---|---:|---:|---:|");
            foreach (var c in list)
            {
                string acc = c.Metrics is { } m ? Percent(m.MeanUserAccuracy) : "–";
                string ci = c.Metrics is { } m2 ? $"{Percent(m2.CiLow)}–{Percent(m2.CiHigh)}" : "–";
                string micro = c.Metrics is { } m3 ? Percent(m3.MicroAccuracy) : "–";
                md.AppendLine(string.Create(inv, $"| {c.Cell.Cell} | {Options(c.Cell.Options)} | {c.Cell.TrainableParams:N0} | ") +
                              string.Create(inv, $"{c.TrainableFraction(manifest.BaseParameters) * 100:0.####}% | {c.PeftFraction(manifest.BaseParameters) * 100:0.####}% | " +
                                   $"{acc} | {ci} | {micro} | {c.Records.Count}/{c.Cell.Users.Count} | {Duration(c.Seconds)} |"));
            }
            // An unfinished cell's mean covers other users than a finished one's: it never counts as best.
            var best = list.Where(c => c.Metrics is not null && c.Complete).MaxBy(c => c.Metrics!.MeanUserAccuracy);
            if (best is not null)
                md.AppendLine().AppendLine(inv, $"Best: **{best.Cell.Cell}** ({Percent(best.Metrics!.MeanUserAccuracy)}).");
            int unfinished = list.Count(c => !c.Complete);
            if (unfinished > 0)
                md.AppendLine().AppendLine(inv, $"{unfinished} cell(s) unfinished: their accuracy covers only the users done so far; run the experiment again to resume.");
            foreach (var c in list)
            {
                int cut = c.Records.Sum(r => r.PromptsCut);
                if (cut > 0)
                    md.AppendLine().AppendLine(string.Create(inv, $"{c.Cell.Cell}: {cut:N0} prompt(s) of {c.Records.Count} user(s) were longer than max_input_tokens and cut ") +
                                               "from the right, as the original's truncation (their query is lost).");
                var diverged = c.Records.Where(r => r.DivergedEpoch is not null).ToList();
                if (diverged.Count > 0)
                    md.AppendLine().AppendLine(inv, $"{c.Cell.Cell}: {diverged.Count} user(s) diverged (validation loss NaN or infinite; the best finite epoch, or the " +
                                                    $"initial module, was kept): {string.Join(", ", diverged.Select(r => $"{r.UserId} (epoch {r.DivergedEpoch})"))}.");
            }
            md.AppendLine().AppendLine(inv, $"### {task.Key}: per-label F1").AppendLine();
            var labels = list[0].Cell.Labels;
            md.AppendLine("| Method | " + string.Join(" | ", labels) + " |");
            md.AppendLine("|---|" + string.Concat(labels.Select(_ => "---:|")));
            foreach (var c in list.Where(c => c.Metrics is not null))
                md.AppendLine(inv, $"| {c.Cell.Cell} | {string.Join(" | ", c.Metrics!.PerLabel.Select(l => l.F1.ToString("0.000", inv)))} |");
            md.AppendLine();
        }
        if (plots.Count > 0)
        {
            md.AppendLine("## Plots").AppendLine();
            foreach (string plot in plots)
                md.AppendLine($"![{Path.GetFileNameWithoutExtension(plot)}]({plot})").AppendLine();
        }
        return md.ToString();
    }

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Options(IReadOnlyDictionary<string, string> options) =>
        options.Count == 0 ? "" : string.Join(", ", options.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")).Replace("|", "\\|");

    private static string Duration(double seconds) =>
        seconds < 60 ? seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
                     : TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
}
