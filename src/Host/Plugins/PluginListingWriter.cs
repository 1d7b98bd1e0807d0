using System.Text.Json;
using PeftU.Abstractions;

namespace PeftU.Host.Plugins;

/// <summary>Text and JSON listings for <c>peftu plugins</c>; ordered (methods, then tasks, by id) and free of machine
/// paths so they can be snapshot-tested.</summary>
public static class PluginListingWriter
{
    public static void WriteText(PluginCatalog catalog, TextWriter writer)
    {
        var plugins = Ordered(catalog);
        if (plugins.Count == 0)
        {
            writer.WriteLine("No plugins found.");
            return;
        }
        WriteTable(writer, ["KIND", "ID", "DISPLAY", "ASSEMBLY", "VERSION"],
            plugins.Select(p => new[] { Kind(p.Descriptor.Kind), p.Descriptor.Id, p.Descriptor.DisplayName, p.AssemblyName, p.Version }));
        foreach (LoadedPlugin plugin in plugins)
        {
            writer.WriteLine();
            var options = plugin.Descriptor.Options;
            if (options.Count == 0)
            {
                writer.WriteLine($"{plugin.Descriptor.Id}: no options");
                continue;
            }
            writer.WriteLine($"{plugin.Descriptor.Id} options:");
            WriteTable(writer, ["  NAME", "TYPE", "DEFAULT", "ALLOWED", "DESCRIPTION"],
                options.Select(o => new[]
                {
                    "  " + o.Name + (o.IsBudgetKnob ? " (budget knob)" : ""), o.TypeName, o.DefaultText, o.ConstraintText, o.Description,
                }));
        }
    }

    public static void WriteJson(PluginCatalog catalog, TextWriter writer)
    {
        var document = Ordered(catalog).Select(p => new
        {
            kind = Kind(p.Descriptor.Kind),
            id = p.Descriptor.Id,
            display = p.Descriptor.DisplayName,
            paper = p.Descriptor.Paper,
            description = p.Descriptor.Description,
            assembly = p.AssemblyName,
            version = p.Version,
            path = p.RelativePath,
            options = p.Descriptor.Options.Select(o => new
            {
                name = o.Name,
                type = o.TypeName,
                @default = o.DefaultText,
                min = o.Min,
                max = o.Max,
                allowed = o.AllowedValues,
                budget_knob = o.IsBudgetKnob,
                description = o.Description,
            }),
        });
        writer.WriteLine(JsonSerializer.Serialize(new { plugins = document }, JsonOptions));
    }

    // Relaxed escaping keeps apostrophes and non-ASCII readable; the output is never embedded in HTML.
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static List<LoadedPlugin> Ordered(PluginCatalog catalog) => catalog.Plugins
        .OrderBy(p => p.Descriptor.Kind)
        .ThenBy(p => p.Descriptor.Id, StringComparer.Ordinal)
        .ToList();

    private static string Kind(PluginKind kind) => kind == PluginKind.Method ? "method" : "task";

    private static void WriteTable(TextWriter writer, string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        int[] widths = Enumerable.Range(0, header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        foreach (string[] row in all)
            writer.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
    }
}
