using System.CommandLine;

namespace PeftU.Host.Cli;

/// <summary>The <c>peftu</c> command line: builds the command tree, maps bad usage to exit code 2 and every failure
/// to one line and exit code 1 (<see cref="CliFailure"/>).</summary>
public static class PeftuCli
{
    public static int Run(string[] args, CliContext context)
    {
        Option<string[]> pluginsDir = GlobalOptions.PluginsDir();
        Option<bool> debug = GlobalOptions.Debug();
        var root = new RootCommand("PeftU.Framework: personalized parameter-efficient fine-tuning experiments (PEFT-U).");
        root.Options.Add(pluginsDir);
        root.Options.Add(debug);
        root.Subcommands.Add(PluginsCommand.Create(context, pluginsDir));
        root.Subcommands.Add(GenerateCommand.Create(context, pluginsDir));
        root.Subcommands.Add(ScoreCommand.Create(context, pluginsDir));
        root.Subcommands.Add(AdaptersCommand.Create(context, pluginsDir));
        root.Subcommands.Add(Data.DataCommand.Create(context, pluginsDir));
        root.Subcommands.Add(ParamsCommand.Create(context, pluginsDir));
        root.Subcommands.Add(BudgetCommand.Create(context, pluginsDir));
        root.Subcommands.Add(PlanCommand.Create(context, pluginsDir));
        root.Subcommands.Add(RunCommand.Create(context, pluginsDir));
        root.Subcommands.Add(ReportCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context, pluginsDir));
        root.Subcommands.Add(ServeCommand.Create(context, pluginsDir));
        root.Subcommands.Add(PredictCommand.Create(context, pluginsDir));
        root.Subcommands.Add(PretrainTinyCommand.Create(context, pluginsDir));
        root.Subcommands.Add(SchemaCommand.Create(context, pluginsDir));
        root.SetAction(_ =>
        {
            context.Error.WriteLine("peftu: a command is required.");
            PrintHelp(root, [], context.Error);
            return ExitCodes.Usage;
        });

        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (Exception e)
        {
            return CliFailure.Report(e, context.Error, context.GetEnvironmentVariable("PEFTU_DEBUG") == "1");
        }
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                context.Error.WriteLine("peftu: " + error.Message);
            context.Error.WriteLine();
            PrintHelp(root, CommandPath(parse.CommandResult), context.Error);
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e)
        {
            return CliFailure.Report(e, context.Error, parse.GetValue(debug) || context.GetEnvironmentVariable("PEFTU_DEBUG") == "1");
        }
    }

    private static IReadOnlyList<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var current = result; current.Parent is System.CommandLine.Parsing.CommandResult parent; current = parent)
            names.Insert(0, current.Command.Name);
        return names;
    }

    private static void PrintHelp(RootCommand root, IReadOnlyList<string> commandPath, TextWriter writer) =>
        root.Parse([.. commandPath, "--help"]).Invoke(new InvocationConfiguration { Output = writer, Error = writer });
}
