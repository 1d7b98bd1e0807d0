using System.Reflection;
using McMaster.NETCore.Plugins;
using PeftU.Abstractions;
using TorchSharp;

namespace PeftU.Host.Plugins;

/// <summary>Discovers plugins (<c>&lt;folder&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>) and loads each into its own load
/// context. Only the contracts assembly and TorchSharp are shared with the host; every other dependency resolves
/// from the plugin's own folder, so two plugins can use different versions of one library. A failing plugin is
/// recorded with its reason and never stops the others.</summary>
public static class PluginCatalogLoader
{
    private static readonly Type[] SharedTypes = [typeof(IPeftPlugin), typeof(torch)];

    public static PluginCatalog Load(IEnumerable<string> folders)
    {
        var plugins = new List<LoadedPlugin>();
        var failures = new List<PluginFailure>();
        foreach (string folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                failures.Add(new PluginFailure(folder, folder, "plugins folder does not exist"));
                continue;
            }
            foreach (string pluginFolder in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
                LoadFolder(folder, pluginFolder, plugins, failures);
        }
        RejectDuplicateIds(plugins, failures);
        return new PluginCatalog(plugins, failures);
    }

    private static void LoadFolder(string root, string pluginFolder, List<LoadedPlugin> plugins, List<PluginFailure> failures)
    {
        string name = Path.GetFileName(pluginFolder);
        string assemblyPath = Path.Combine(pluginFolder, name + ".dll");
        if (!File.Exists(assemblyPath))
        {
            failures.Add(new PluginFailure(name, pluginFolder, $"no {name}.dll in the folder (expected <Name>/<Name>.dll)"));
            return;
        }
        IReadOnlyList<string> nativeTorch = NativeTorchGuard.FindNativeTorch(pluginFolder);
        if (nativeTorch.Count > 0)
        {
            failures.Add(new PluginFailure(name, assemblyPath,
                "it ships its own native torch (" + string.Join(", ", nativeTorch) + "); a second libtorch would abort the process. " +
                "Reference TorchSharp with ExcludeAssets=\"runtime;native\" (build/Plugin.props does) so the host's copy is used."));
            return;
        }

        IPluginRegistry registry;
        Assembly assembly;
        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, SharedTypes, config =>
            {
                // Share exactly the contracts and TorchSharp; preferring *all* host assemblies would silently
                // replace a plugin's own dependency versions with the host's.
                config.PreferSharedTypes = false;
            });
            assembly = loader.LoadDefaultAssembly();
            var attribute = assembly.GetCustomAttribute<PluginRegistryAttribute>();
            if (attribute is null)
            {
                failures.Add(new PluginFailure(name, assemblyPath,
                    "the assembly has no generated plugin registry; reference PeftU.Generators as an analyzer and mark classes with [PeftMethod] or [PeftTask]"));
                return;
            }
            registry = (IPluginRegistry)(Activator.CreateInstance(attribute.RegistryType)
                ?? throw new InvalidOperationException("registry could not be created"));
        }
        catch (Exception e)
        {
            failures.Add(new PluginFailure(name, assemblyPath, Describe(e)));
            return;
        }

        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "";
        foreach (PluginDescriptor descriptor in registry.Plugins)
        {
            try
            {
                // Construct once now so a plugin that cannot be created is reported here, not mid-experiment.
                (registry.Create(descriptor.Id) as IDisposable)?.Dispose();
                plugins.Add(new LoadedPlugin(descriptor, assembly.GetName().Name ?? name, version, assemblyPath, root, registry));
            }
            catch (Exception e)
            {
                failures.Add(new PluginFailure($"{name} ({descriptor.Id})", assemblyPath, Describe(e)));
            }
        }
    }

    private static void RejectDuplicateIds(List<LoadedPlugin> plugins, List<PluginFailure> failures)
    {
        foreach (var clash in plugins.GroupBy(p => (p.Descriptor.Kind, p.Descriptor.Id)).Where(g => g.Count() > 1).ToList())
        {
            var owners = clash.Select(p => $"{p.AssemblyName} ({p.AssemblyPath})").ToList();
            failures.Add(new PluginFailure(clash.Key.Id, clash.First().AssemblyPath,
                $"{clash.Key.Kind.ToString().ToLowerInvariant()} id '{clash.Key.Id}' is claimed by {string.Join(" and ", owners)}; rename one of them"));
            plugins.RemoveAll(p => p.Descriptor.Kind == clash.Key.Kind && p.Descriptor.Id == clash.Key.Id);
        }
    }

    /// <summary>The innermost useful reason, without stack traces.</summary>
    private static string Describe(Exception e)
    {
        while (e is TargetInvocationException or TypeInitializationException && e.InnerException is not null)
            e = e.InnerException!;
        return e switch
        {
            FileNotFoundException f => $"missing dependency {f.FileName ?? "(unknown)"}: {f.Message}",
            FileLoadException f => $"dependency {f.FileName ?? "(unknown)"} could not be loaded: {f.Message}",
            BadImageFormatException b => $"not a loadable .NET assembly: {b.Message}",
            _ => $"{e.GetType().Name}: {e.Message}",
        };
    }
}
