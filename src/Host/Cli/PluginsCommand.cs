using System.CommandLine;
using PeftU.Host.Plugins;

namespace PeftU.Host.Cli;

/// <summary><c>peftu plugins</c>: every discovered plugin with its options; load failures on stderr, exit 1 if any.</summary>
public static class PluginsCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var json = new Option<bool>("--json") { Description = "Write JSON instead of tables." };
        var command = new Command("plugins", "List discovered method and task plugins, their options, types and defaults.");
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            PluginCatalog catalog = PluginLookup.Catalog(parse, context, pluginsDir);
            if (parse.GetValue(json))
                PluginListingWriter.WriteJson(catalog, context.Out);
            else
                PluginListingWriter.WriteText(catalog, context.Out);
            foreach (PluginFailure failure in catalog.Failures)
                context.Error.WriteLine($"peftu: plugin {failure.Name} not loaded: {failure.Reason}");
            return catalog.Failures.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
