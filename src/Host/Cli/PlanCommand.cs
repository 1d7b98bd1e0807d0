using System.CommandLine;
using PeftU.Core.Experiments;

namespace PeftU.Host.Cli;

/// <summary><c>peftu plan FILE</c>: validates an experiment file against the plugins, data and backbone config and prints
/// the cells it would run — nothing is trained or written.</summary>
public static class PlanCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var file = new Argument<string>("file") { Description = "The experiment YAML file." };
        var command = new Command("plan", "Validate an experiment file and print its task × method cells, counts and banks, without training.");
        command.Arguments.Add(file);
        command.SetAction(parse =>
        {
            if (ExperimentLoader.Plan(parse, context, pluginsDir, parse.GetValue(file)!) is not { } plan)
                return ExitCodes.Failure;
            context.Out.Write(PlanWriter.Markdown(plan));
            return ExitCodes.Success;
        });
        return command;
    }
}
