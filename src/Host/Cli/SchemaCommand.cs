using System.CommandLine;
using PeftU.Abstractions;
using PeftU.Abstractions.IO;
using PeftU.Core.Experiments;

namespace PeftU.Host.Cli;

/// <summary><c>peftu schema</c>: the JSON Schema of experiment files for the plugins found, from the same option
/// metadata the generator emits (so a new plugin's options appear without any schema edit).</summary>
public static class SchemaCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var output = new Option<string?>("--out") { Description = "Write the schema to this file (atomically) instead of standard output." };
        var command = new Command("schema", "Print the JSON Schema of experiment files (settings plus every task's and method's options).");
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            string? file = parse.GetValue(output) is { } given ? OutputPaths.File(given, "--out") : null;
            var catalog = PluginLookup.Catalog(parse, context, pluginsDir);
            string schema = ExperimentSchema.Write(
                [.. catalog.OfKind(PluginKind.Task).Select(p => p.Descriptor)],
                [.. catalog.OfKind(PluginKind.Method).Select(p => p.Descriptor)]);
            if (file is not null)
            {
                AtomicFile.WriteAllText(file, schema + "\n");
                context.Out.WriteLine(Path.GetFullPath(file));
            }
            else
            {
                context.Out.WriteLine(schema);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
