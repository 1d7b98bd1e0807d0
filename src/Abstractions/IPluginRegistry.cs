namespace PeftU.Abstractions;

/// <summary>Generated once per plugin assembly: the descriptors of its plugin classes and a factory for them.
/// The host finds it through <see cref="PluginRegistryAttribute"/>, so discovery never scans every type.</summary>
public interface IPluginRegistry
{
    /// <summary>Every plugin class of the assembly, in source order.</summary>
    IReadOnlyList<PluginDescriptor> Plugins { get; }

    /// <summary>A new instance with default options.</summary>
    /// <exception cref="KeyNotFoundException">No plugin of this assembly has that id.</exception>
    IPeftPlugin Create(string id);
}
