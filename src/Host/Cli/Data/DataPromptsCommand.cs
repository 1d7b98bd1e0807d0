using PeftU.Core;
using System.CommandLine;
using System.Text.Json;
using PeftU.Abstractions.Tasks;
using PeftU.Core.Experiments;

namespace PeftU.Host.Cli.Data;

/// <summary><c>peftu data prompts TASK --data DIR</c>: per user and sample, the prompt and its labels.</summary>
public static class DataPromptsCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var task = TaskLookup.TaskArgument();
        var data = new Option<string?>("--data") { Description = "Folder holding user_data_leaked.json (not needed for generated tasks)." };
        var shots = new Option<int>("--shots") { Description = "Most demonstrations per prompt (0 = zero-shot).", DefaultValueFactory = _ => 3 }
            .Within(SettingLimits.Shots.Min, SettingLimits.Shots.Max);
        var split = new Option<string>("--split") { Description = "train, val or test.", DefaultValueFactory = _ => "test" }
            .AcceptOnlyFromAmong("train", "val", "test");
        var user = new Option<string?>("--user") { Description = "Only this user." };
        var notFaithful = new Option<bool>("--fixed") { Description = "Fix the original's quirks (e.g. a train sample as its own demo)." };
        var json = new Option<bool>("--json") { Description = "Write JSON." };
        var command = new Command("prompts", "Show the prompts the original protocol builds, per user and sample.");
        command.Arguments.Add(task);
        foreach (var option in new Option[] { data, shots, split, user, notFaithful, json })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var plugin = TaskLookup.Find(parse, context, pluginsDir, task);
            var dataset = TaskLookup.Run(() => plugin.Load(parse.GetValue(data)));
            var splitName = SplitNames.All.Single(s => s.Key() == parse.GetValue(split));
            var options = new PromptOptions(parse.GetValue(shots), !parse.GetValue(notFaithful));
            var users = dataset.UsersInRunOrder().Where(u => parse.GetValue(user) is not { } only || u.UserId == only).ToList();
            if (users.Count == 0)
                throw new UserFacingException($"user '{parse.GetValue(user)}' is not in the data.");
            var rows = users.Select(u => new
            {
                user = u.UserId,
                samples = plugin.BuildPrompts(u, splitName, options)
                    .Select(p => new { sample_id = p.SampleId, prompt = options.Shots == 0 ? p.ZeroShotPrompt : p.FewShotPrompt, target = p.Target, labels = p.Labels }),
            });
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(rows, OutputJson.Options));
                return ExitCodes.Success;
            }
            foreach (var row in rows)
            {
                foreach (var sample in row.samples)
                    context.Out.WriteLine($"{row.user}\t{sample.sample_id}\t{sample.target}\t{sample.prompt}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
