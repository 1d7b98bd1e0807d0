using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PeftU.Core;
using PeftU.Serving;

namespace PeftU.Host.Cli;

/// <summary><c>peftu predict --run DIR --user U --text T</c>: one answer from the command line through the same engine
/// as <c>peftu serve</c> (same prompts, banks and evaluation path), without a server.</summary>
public static class PredictCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var run = new ServeRunOptions();
        var user = new Option<string>("--user") { Description = "The user whose module answers.", Required = true };
        var text = new Option<string>("--text") { Description = "The text to classify.", Required = true };
        var task = new Option<string?>("--task") { Description = "The task (needed when the run has several)." };
        var fallback = new Option<bool>("--fallback") { Description = "Answer a user without a module with the frozen backbone instead of failing." };
        var json = new Option<bool>("--json") { Description = "Write the answer as JSON (as POST /v1/predict does)." };
        var command = new Command("predict", "Answer one text for one user with the run's saved module (the path peftu serve uses).");
        run.AddTo(command);
        command.Options.Add(user);
        command.Options.Add(text);
        command.Options.Add(task);
        command.Options.Add(fallback);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            using var engine = run.Load(parse, context, pluginsDir, new ServeSettings { MaxBatch = 1, MaxWaitMs = 0 });
            PredictAnswer answer;
            try
            {
                answer = engine.PredictAsync(new PredictRequest(parse.GetValue(user)!, parse.GetValue(text)!, parse.GetValue(task),
                    parse.GetValue(run.Method), parse.GetValue(fallback))).GetAwaiter().GetResult();
            }
            catch (ServeException e)
            {
                throw new UserFacingException(e.Message.Replace("send \"fallback\": true", "pass --fallback", StringComparison.Ordinal), e);
            }
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(answer, OutputJson.Options));
                return ExitCodes.Success;
            }
            if (answer.Note is { } note)
                context.Error.WriteLine("peftu: " + note);
            if (answer.Truncated)
                context.Error.WriteLine($"peftu: the prompt was cut to {answer.InputTokens} tokens (the run's max_input_tokens), as the run cuts its prompts");
            context.Out.WriteLine($"{answer.Task}/{answer.Method} user {answer.User} (module {answer.Module}): {answer.Label ?? "(no label)"}");
            foreach (var (label, score) in answer.Scores ?? new Dictionary<string, double>())
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label}: {score:F4}"));
            if (answer.Generated is { } generated)
                context.Out.WriteLine($"  generated: {generated}");
            return ExitCodes.Success;
        });
        return command;
    }
}
