using PeftU.Abstractions;

namespace PeftU.Host.Plugins;

/// <summary>What discovery found: usable plugins (ids unique per kind) and everything that failed to load.</summary>
public sealed class PluginCatalog(IReadOnlyList<LoadedPlugin> plugins, IReadOnlyList<PluginFailure> failures)
{
    public IReadOnlyList<LoadedPlugin> Plugins { get; } = plugins;

    public IReadOnlyList<PluginFailure> Failures { get; } = failures;

    public IEnumerable<LoadedPlugin> OfKind(PluginKind kind) => Plugins.Where(p => p.Descriptor.Kind == kind);

    /// <summary>The plugin with this id, or an error that lists the valid ids and the nearest ones.</summary>
    public LoadedPlugin Find(PluginKind kind, string id)
    {
        LoadedPlugin? found = OfKind(kind).FirstOrDefault(p => p.Descriptor.Id == id);
        if (found is not null)
            return found;
        var valid = OfKind(kind).Select(p => p.Descriptor.Id).Order(StringComparer.Ordinal).ToList();
        var near = NameSuggester.Nearest(id, valid);
        string what = kind == PluginKind.Method ? "method" : "task";
        string hint = near.Count > 0 ? $" Did you mean '{near[0]}'?" : "";
        string choices = valid.Count > 0 ? " Valid: " + string.Join(", ", valid) + "." : " No " + what + " plugins were found.";
        throw new KeyNotFoundException($"Unknown {what} '{id}'.{hint}{choices}");
    }
}
