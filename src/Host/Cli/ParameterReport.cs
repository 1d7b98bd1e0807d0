using System.Globalization;
using System.Text;
using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Core.Adapters;
using PeftU.Host.Plugins;

namespace PeftU.Host.Cli;

/// <summary>The Markdown parameter-count report: every method at its defaults on one backbone config.</summary>
public static class ParameterReport
{
    public static string Markdown(PluginCatalog catalog, BackboneDims dims, string configName)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"# Trainable parameters per user on `{configName}`");
        text.AppendLine();
        text.AppendLine(invariant, $"Frozen base: {dims.BaseParameters:N0} parameters (d_model {dims.DModel}, {dims.NumLayers}+{dims.NumDecoderLayers} layers, {dims.NumHeads} heads, d_ff {dims.DFf}, vocab {dims.VocabSize}).");
        text.AppendLine();
        text.AppendLine("| method | options | trainable | % of base | % of base + PEFT | HF peft prints | budget knob |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var loaded in catalog.OfKind(PluginKind.Method).OrderBy(p => p.Descriptor.Id, StringComparer.Ordinal))
        {
            var method = (IPeftMethod)loaded.Create();
            long count = method.TrainableParameters(dims);
            string options = Core.Experiments.EffectiveOptions.Text(method, dims);
            string knob = method.Descriptor.BudgetKnob?.Name ?? "—";
            text.AppendLine(invariant,
                $"| {method.Descriptor.Id} | {(options.Length == 0 ? "—" : options)} | {count:N0} | {100.0 * count / dims.BaseParameters:F4} | " +
                $"{100.0 * count / (dims.BaseParameters + count):F4} | {MethodChecks.PeftConventionCount(method, dims):N0} | {knob} |");
        }
        var formulas = catalog.OfKind(PluginKind.Method).Where(p => p.Descriptor.TrainableFormula.Length > 0)
            .OrderBy(p => p.Descriptor.Id, StringComparer.Ordinal).ToList();
        if (formulas.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Per-user tensors (generated from each method's `[Trainable]` declarations):");
            text.AppendLine();
            foreach (var plugin in formulas)
                text.AppendLine(invariant, $"- **{plugin.Descriptor.Id}**: {plugin.Descriptor.TrainableFormula}");
        }
        return text.ToString();
    }
}
