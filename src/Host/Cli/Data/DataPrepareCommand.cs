using System.CommandLine;
using PeftU.Data.Format;

namespace PeftU.Host.Cli.Data;

/// <summary><c>peftu data prepare TASK --raw PATH --out DIR</c>: the original preprocessing, byte for byte.</summary>
public static class DataPrepareCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var task = TaskLookup.TaskArgument();
        var raw = new Option<string>("--raw") { Description = "The task's raw file (TweetEval: annotations_g3.csv).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to write user_data_leaked.json into.", Required = true };
        var command = new Command("prepare", "Write user_data_leaked.json from a task's raw file exactly as the original preprocessing.");
        command.Arguments.Add(task);
        command.Options.Add(raw);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            string folder = OutputPaths.Folder(parse.GetValue(output), "--out");
            var plugin = TaskLookup.Find(parse, context, pluginsDir, task);
            if (!plugin.CanPrepare)
                throw new UserFacingException($"task '{plugin.Definition.Id}' has no raw-file preparer; its data comes as user_data_leaked.json.");
            var dataset = TaskLookup.Run(() => plugin.Prepare(parse.GetValue(raw)!));
            string path = Path.Combine(folder, "user_data_leaked.json");
            TaskLookup.Run(() => { PreparedData.Write(path, dataset, plugin.Definition.Labels, parse.GetValue(raw)!); return 0; });
            context.Out.WriteLine($"wrote {path}: {dataset.Users.Count} users, {dataset.Users.Sum(u => u.Count)} samples");
            return ExitCodes.Success;
        });
        return command;
    }
}
