using PeftU.Abstractions;

namespace PeftU.Host.Plugins;

/// <summary>A plugin class that loaded and constructed: its metadata, where it came from, and how to make instances.</summary>
public sealed record LoadedPlugin(
    PluginDescriptor Descriptor,
    string AssemblyName,
    string Version,
    string AssemblyPath,
    string PluginsFolder,
    IPluginRegistry Registry)
{
    /// <summary>A fresh instance with default options.</summary>
    public IPeftPlugin Create() => Registry.Create(Descriptor.Id);

    /// <summary>The assembly path relative to its plugins folder, stable across machines.</summary>
    public string RelativePath => Path.GetRelativePath(PluginsFolder, AssemblyPath).Replace('\\', '/');
}
