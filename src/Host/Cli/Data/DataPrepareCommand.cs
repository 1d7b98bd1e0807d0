using System.CommandLine;
using PeftU.Data.Format;

namespace PeftU.Host.Cli.Data;

/// <summary><c>peftu data prepare TASK --raw PATH --out DIR</c> (or <c>--all --raw-root DIR --out DIR</c>, see
/// <see cref="DataPrepareAll"/>): the original preprocessing, byte for byte.</summary>
public static class DataPrepareCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var task = TaskLookup.TaskArgument();
        task.Arity = ArgumentArity.ZeroOrOne; // not with --all
        var raw = new Option<string>("--raw") { Description = "The task's raw folder (as the original repository's data/<task>/) or its file." };
        var output = new Option<string>("--out") { Description = "Folder to write user_data_leaked.json into (with --all: one <task>/ folder each).", Required = true };
        var all = new Option<bool>("--all") { Description = "Prepare every task found under --raw-root." };
        var rawRoot = new Option<string>("--raw-root") { Description = "With --all: the original repository's data/ folder (or the checkout holding it)." };
        var command = new Command("prepare", "Write user_data_leaked.json from a task's raw files exactly as the original preprocessing.");
        command.Arguments.Add(task);
        command.Options.Add(raw);
        command.Options.Add(output);
        command.Options.Add(all);
        command.Options.Add(rawRoot);
        command.SetAction(parse =>
        {
            if (parse.GetValue(all))
            {
                if (parse.GetValue(task) is not null || parse.GetValue(raw) is not null || parse.GetValue(rawRoot) is null)
                    throw new UserFacingException("--all takes --raw-root DIR and --out DIR, and neither a TASK nor --raw.");
                return DataPrepareAll.Run(context, PluginLookup.Catalog(parse, context, pluginsDir), parse.GetValue(rawRoot)!,
                    OutputPaths.Folder(parse.GetValue(output), "--out"));
            }
            if (parse.GetValue(task) is null || parse.GetValue(raw) is null)
                throw new UserFacingException("prepare needs TASK and --raw PATH (or --all --raw-root DIR).");
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
