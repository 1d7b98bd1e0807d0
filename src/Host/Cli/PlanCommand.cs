using System.CommandLine;
using PeftU.Abstractions;
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
            var catalog = PluginLookup.Catalog(parse, context, pluginsDir);
            try
            {
                var (spec, structural) = ExperimentSpecReader.ReadLenient(parse.GetValue(file)!);
                var plan = ExperimentPlanner.Plan(
                    spec,
                    (kind, id) => catalog.OfKind(kind).FirstOrDefault(p => p.Descriptor.Id == id)?.Create(),
                    kind => catalog.OfKind(kind).Select(p => p.Descriptor.Id).Order(StringComparer.Ordinal).ToList(),
                    structural);
                context.Out.Write(PlanWriter.Markdown(plan));
                return ExitCodes.Success;
            }
            catch (ExperimentSpecException e)
            {
                foreach (var error in e.Errors)
                    context.Error.WriteLine(error.ToString());
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
