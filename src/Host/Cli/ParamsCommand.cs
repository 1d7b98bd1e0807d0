using PeftU.Core;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PeftU.Abstractions;

namespace PeftU.Host.Cli;

/// <summary><c>peftu params</c>: a method's trainable parameters on a backbone config, and both trainable-% conventions.</summary>
public static class ParamsCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var config = BackboneConfigOption.BackboneConfig();
        var method = new Option<string?>("--method") { Description = "Method id (see `peftu plugins`); without it, a Markdown table of every method at its defaults." };
        var set = new Option<string[]>("--set") { Description = "Option override key=value (lists comma-separated); repeatable.", AllowMultipleArgumentsPerToken = false };
        var json = new Option<bool>("--json") { Description = "Write JSON." };
        var command = new Command("params", "Count a method's trainable parameters from a backbone config.json alone.");
        foreach (var option in new Option[] { config, method, set, json })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var dims = BackboneConfigOption.Dims(parse.GetValue(config)!);
            var catalog = PluginLookup.Catalog(parse, context, pluginsDir);
            if (parse.GetValue(method) is null)
            {
                if ((parse.GetValue(set) ?? []).Length > 0)
                    throw new UsageException("--set needs --method (options belong to one method).");
                context.Out.Write(ParameterReport.Markdown(catalog, dims, Path.GetFileName(parse.GetValue(config)!)));
                return ExitCodes.Success;
            }
            var plugin = PluginLookup.Create<IPeftMethod>(catalog, PluginKind.Method, parse.GetValue(method)!);
            Configure(plugin, parse.GetValue(set) ?? []);
            long count = plugin.TrainableParameters(dims);
            double ofBase = count / (double)dims.BaseParameters, ofTotal = count / (double)(dims.BaseParameters + count);
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    method = plugin.Descriptor.Id,
                    options = Core.Experiments.EffectiveOptions.Of(plugin, dims),
                    trainable_params = count,
                    base_params = dims.BaseParameters,
                    percent_of_base = ofBase * 100,
                    percent_of_total = ofTotal * 100,
                }, OutputJson.Options));
            }
            else
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{plugin.Descriptor.Id}: {count:N0} trainable parameters — {ofBase:P4} of the frozen base ({dims.BaseParameters:N0}), {ofTotal:P4} of base + PEFT"));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Applies <c>key=value</c> overrides; option errors (unknown key with suggestion, range) become one user error.</summary>
    public static void Configure(IPeftPlugin plugin, IEnumerable<string> assignments)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            int eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new UsageException($"--set '{assignment}': expected key=value, e.g. --set r=8.");
            values[assignment[..eq].Trim()] = assignment[(eq + 1)..].Trim();
        }
        try
        {
            plugin.Configure(values);
            if (plugin is PeftU.Abstractions.Methods.IChecksOptions checks && checks.OptionProblems() is { Count: > 0 } problems)
                throw new PluginOptionException(plugin.Descriptor.Id, problems);
        }
        catch (PluginOptionException e)
        {
            throw new UserFacingException(e.Message, e);
        }
    }
}
