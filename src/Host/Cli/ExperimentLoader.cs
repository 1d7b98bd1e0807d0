using System.CommandLine;
using PeftU.Core.Experiments;

namespace PeftU.Host.Cli;

/// <summary>Reads and plans an experiment file against the discovered plugins: every problem of the file, its plugins,
/// data and budget in one error list (file:line:column), before anything is loaded or written.</summary>
public static class ExperimentLoader
{
    /// <summary>The plan, or null after printing every error to the context's error writer.</summary>
    public static ExperimentPlan? Plan(ParseResult parse, CliContext context, Option<string[]> pluginsDir, string file)
    {
        var catalog = PluginLookup.Catalog(parse, context, pluginsDir);
        try
        {
            var (spec, structural) = ExperimentSpecReader.ReadLenient(file, context.GetEnvironmentVariable);
            return ExperimentPlanner.Plan(
                spec,
                (kind, id) => catalog.OfKind(kind).FirstOrDefault(p => p.Descriptor.Id == id)?.Create(),
                kind => catalog.OfKind(kind).Select(p => p.Descriptor.Id).Order(StringComparer.Ordinal).ToList(),
                structural);
        }
        catch (ExperimentSpecException e)
        {
            foreach (var error in e.Errors)
                context.Error.WriteLine(error.ToString());
            return null;
        }
    }
}
