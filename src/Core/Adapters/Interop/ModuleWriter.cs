using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;

namespace PeftU.Core.Adapters.Interop;

/// <summary>Writes a <see cref="PortableModule"/> in a chosen layout. The output folder must be new or empty, and its
/// config is written last (each file atomically), so a folder with a config is always complete.</summary>
public static class ModuleWriter
{
    /// <summary>Writes the module into <paramref name="folder"/>; <paramref name="method"/> is a fresh plugin instance of
    /// its method (its config keys, and for peft the prompt encoder or prefix projection whose output the files keep),
    /// <paramref name="dims"/> the backbone's where known, <paramref name="adapterName"/> AdapterHub's adapter name (part of
    /// every key). Returns notes on what the target layout keeps and drops.</summary>
    public static IReadOnlyList<string> Write(PortableModule module, string folder, ModuleFormat format, IPeftMethod method,
        BackboneDims? dims, string adapterName = "peftu")
    {
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new ModuleFormatException($"{folder}: exists and is not empty; write a module into a new or empty folder.");
        if (File.Exists(folder))
            throw new ModuleFormatException($"{folder}: is a file; a module is written into a folder.");
        ModuleLoader.Configure(method, module);
        dims ??= module.Dims;
        switch (format)
        {
            case ModuleFormat.Peft:
                var (peftConfig, peftTensors, notes) = PeftFiles.Write(module, method, dims);
                AdapterStore.WriteFolder(folder, peftConfig, peftTensors);
                return notes;
            case ModuleFormat.AdapterHub:
                var (hubConfig, hubTensors) = AdapterHubFiles.Write(module, adapterName);
                AdapterStore.WriteFolder(folder, hubConfig, hubTensors, AdapterHubFiles.WeightsFile);
                return [];
            default:
                AdapterStore.WriteFolder(folder, AdapterStore.Config(method, module.BaseModel, dims), module.Tensors);
                return [];
        }
    }
}
