using PeftU.Core;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PeftU.Abstractions;
using PeftU.Core.Budget;
using PeftU.Core.Experiments;

namespace PeftU.Host.Cli;

/// <summary><c>peftu budget</c>: per method, the knob value meeting a parameter budget (or why it cannot).</summary>
public static class BudgetCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var config = BackboneConfigOption.BackboneConfig();
        var target = new Option<long>("--params") { Description = "Target trainable parameters per user.", Required = true }
            .Within(SettingLimits.BudgetParams.Min, SettingLimits.BudgetParams.Max);
        var tolerance = new Option<double>("--tolerance") { Description = "Allowed relative deviation (0.005 = 0.5%).", DefaultValueFactory = _ => 0.005 }
            .Within(SettingLimits.Tolerance.Min, SettingLimits.Tolerance.Max);
        var json = new Option<bool>("--json") { Description = "Write JSON." };
        var command = new Command("budget", "Solve each method's size knob for an equal trainable-parameter budget.");
        foreach (var option in new Option[] { config, target, tolerance, json })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var dims = BackboneConfigOption.Dims(parse.GetValue(config)!);
            var catalog = PluginLookup.Catalog(parse, context, pluginsDir);
            var choices = catalog.OfKind(PluginKind.Method).OrderBy(p => p.Descriptor.Id, StringComparer.Ordinal)
                .Select(p => BudgetSolver.Solve((IPeftMethod)p.Create(), dims, parse.GetValue(target), parse.GetValue(tolerance))).ToList();
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(choices.Select(c => new
                {
                    method = c.Method, knob = c.Knob, value = c.Value, trainable_params = c.Count, deviation = c.Deviation, within_tolerance = c.WithinTolerance,
                }), OutputJson.Options));
                return ExitCodes.Success;
            }
            context.Out.WriteLine($"{"METHOD",-18} {"KNOB",-22} {"PARAMS",12} {"DEVIATION",10}  OK");
            foreach (var c in choices)
            {
                string knob = c.IsFrozenBaseline ? "(no trainable module)" : c.Knob is null ? "(fixed)" : $"{c.Knob}={c.Value}";
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Method,-18} {knob,-22} {c.Count,12:N0} {c.Deviation,10:P2}  {(c.WithinTolerance ? "yes" : "no — " + BudgetSolver.Describe(c))}"));
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
