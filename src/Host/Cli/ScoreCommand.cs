using PeftU.Core;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PeftU.Core.Inference;

namespace PeftU.Host.Cli;

/// <summary><c>peftu score</c>: teacher-forced log-probability of each candidate label for one text.</summary>
public static class ScoreCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var backbone = new BackboneOptions();
        var adapter = new AdapterOption();
        var text = new Option<string>("--text") { Description = "Input text (the prompt).", Required = true };
        var labels = new Option<string>("--labels") { Description = "Candidate labels, comma-separated (A,B,...).", Required = true };
        var json = new Option<bool>("--json") { Description = "Write JSON: per label its sum and mean log-prob and token ids." };
        var command = new Command("score", "Score candidate labels for a text by log-likelihood (no generation).");
        backbone.AddTo(command);
        adapter.AddTo(command);
        command.Options.Add(text);
        command.Options.Add(labels);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var names = parse.GetValue(labels)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0)
                throw new UserFacingException("--labels needs at least one label, e.g. --labels Hateful,Non-hateful");
            var (loaded, tokenizer) = backbone.Load(parse, context.GetEnvironmentVariable);
            using (loaded)
            using (adapter.Apply(parse, context, pluginsDir, loaded))
            {
                var (ids, mask) = InputText.Encode(tokenizer, parse.GetValue(text)!, context.Error);
                var labelIds = names.Select(tokenizer.Encode).ToArray();
                var scores = LabelScorer.Score(loaded.Model, ids, mask, labelIds);
                var rows = names.Select((name, l) => new LabelRow(name, scores.Sum[0, l], scores.Mean[0, l], labelIds[l])).ToList();
                int best = scores.ArgmaxSum()[0];
                if (parse.GetValue(json))
                {
                    context.Out.WriteLine(JsonSerializer.Serialize(
                        new { labels = rows, best = names[best], dtype = loaded.Dtype.Name, dtype_reason = loaded.Dtype.Reason }, OutputJson.Options));
                }
                else
                {
                    context.Error.WriteLine($"peftu: backbone dtype {loaded.Dtype.Name} ({loaded.Dtype.Reason})");
                    int width = Math.Max(5, names.Max(n => n.Length));
                    context.Out.WriteLine($"{"label".PadRight(width)}  {"sum_logprob",12}  {"mean_logprob",12}  tokens");
                    foreach (var row in rows)
                    {
                        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{row.Label.PadRight(width)}  {row.SumLogprob,12:F4}  {row.MeanLogprob,12:F4}  {string.Join(' ', row.TokenIds)}"));
                    }
                    context.Out.WriteLine($"best: {names[best]}");
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record LabelRow(string Label, double SumLogprob, double MeanLogprob, int[] TokenIds);
}
