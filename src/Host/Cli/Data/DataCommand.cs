using System.CommandLine;

namespace PeftU.Host.Cli.Data;

/// <summary><c>peftu data</c>: prepare raw files, show prompts, print statistics, verify against a reference.</summary>
public static class DataCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var command = new Command("data", "Work with task data: prepare, prompts, stats, verify.");
        command.Subcommands.Add(DataPrepareCommand.Create(context, pluginsDir));
        command.Subcommands.Add(DataPromptsCommand.Create(context, pluginsDir));
        command.Subcommands.Add(DataStatsCommand.Create(context, pluginsDir));
        command.Subcommands.Add(DataVerifyCommand.Create(context, pluginsDir));
        return command;
    }
}
