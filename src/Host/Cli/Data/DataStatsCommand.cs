using System.CommandLine;
using System.Globalization;
using PeftU.Abstractions.Tasks;
using PeftU.Data.Evaluation;

namespace PeftU.Host.Cli.Data;

/// <summary><c>peftu data stats TASK --data DIR</c>: users, samples per split, labels and annotator agreement.</summary>
public static class DataStatsCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var task = TaskLookup.TaskArgument();
        var data = new Option<string?>("--data") { Description = "Folder holding user_data_leaked.json (not needed for generated tasks)." };
        var command = new Command("stats", "Users, samples per split, labels and annotator disagreement (Krippendorff's α, MASI distance).");
        command.Arguments.Add(task);
        command.Options.Add(data);
        command.SetAction(parse =>
        {
            var plugin = TaskLookup.Find(parse, context, pluginsDir, task);
            var stats = DatasetStats.Of(TaskLookup.Run(() => plugin.Load(parse.GetValue(data))));
            var o = context.Out;
            o.WriteLine($"task        {plugin.Definition.Id}{(plugin.Definition.MultiLabel ? " (multi-label)" : "")}");
            o.WriteLine($"users       {stats.Users}");
            o.WriteLine("samples     " + string.Join(", ", SplitNames.All.Select(s => $"{s.Key()} {stats.SamplesPerSplit[s]}")));
            o.WriteLine("labels      " + string.Join(", ", stats.LabelCounts.Select(l => $"{l.Key} {l.Value}")));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"texts       {stats.DistinctTexts} ({stats.AnnotatorsPerText:F2} annotators per text)"));
            o.WriteLine(stats.KrippendorffAlpha is { } alpha
                ? string.Create(CultureInfo.InvariantCulture, $"agreement   Krippendorff's alpha {alpha:F4} (MASI distance; 1 = full agreement)")
                : "agreement   n/a (no text is labelled by two users)");
            return ExitCodes.Success;
        });
        return command;
    }
}
