using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using static TorchSharp.torch;

namespace PeftU.Core.Adapters.Interop;

/// <summary>Reads one module folder in any supported layout (this framework's, HF peft's, AdapterHub's), telling them
/// apart by the config's keys, into a <see cref="PortableModule"/>.</summary>
public static class ModuleReader
{
    public static PortableModule Read(string folder)
    {
        if (!Directory.Exists(folder))
            throw new ModuleFormatException(File.Exists(folder)
                ? $"{folder}: a module is a folder (adapter_config.json and its weights), not a file."
                : $"{folder}: no such folder.");
        if (!File.Exists(Path.Combine(folder, AdapterStore.ConfigFile)))
        {
            // A bank saved by `run --save-adapters` holds one module folder per user.
            var users = Directory.EnumerateDirectories(folder).Where(d => File.Exists(Path.Combine(d, AdapterStore.ConfigFile)))
                .Order(StringComparer.Ordinal).ToList();
            if (users.Count > 0)
                throw new ModuleFormatException($"{folder}: holds the modules of {users.Count} users (e.g. {users[0]}), not one module; pass one user's folder.");
        }
        var config = ConfigJson.Load(Path.Combine(folder, AdapterStore.ConfigFile));
        return Detect(config) switch
        {
            ModuleFormat.Peftu => PeftuFiles.Read(folder, config),
            ModuleFormat.Peft => PeftFiles.Read(folder, config),
            _ => AdapterHubFiles.Read(folder, config),
        };
    }

    internal static ModuleFormat Detect(ConfigJson config)
    {
        if (config.Has("peftu_method"))
            return ModuleFormat.Peftu;
        if (config.Has("peft_type"))
            return ModuleFormat.Peft;
        if (config.Has("config") && (config.Has("version") || config.Has("model_type")))
            return ModuleFormat.AdapterHub;
        throw new ModuleFormatException($"{config.Path}: neither HF peft's layout (a 'peft_type' field) nor AdapterHub's ('config' and 'version' fields).");
    }

    /// <summary>Every tensor of a safetensors file as fp32 on the CPU; a torch pickle in its place is refused with the
    /// one-line command that rewrites it as safetensors.</summary>
    internal static Dictionary<string, Tensor> Tensors(string folder, string weightsFile, string pickleFile)
    {
        string path = Path.Combine(folder, weightsFile);
        if (!File.Exists(path))
        {
            string pickle = Path.Combine(folder, pickleFile);
            if (File.Exists(pickle))
                throw new ModuleFormatException($"{pickle}: a torch pickle, which peftu does not read (unpickling runs code); convert it once with: {PickleCommand(pickle, path)}");
            throw new ModuleFormatException($"{folder}: no {weightsFile} there.");
        }
        try
        {
            using var reader = SafetensorsReader.Open(path);
            return reader.Entries.Keys.ToDictionary(name => name, name =>
            {
                var tensor = reader.Read(name);
                if (!tensor.is_floating_point())
                    throw new ModuleFormatException($"{path}: tensor '{name}' is {tensor.dtype}, not a floating-point weight.");
                return tensor.to(ScalarType.Float32);
            });
        }
        catch (BackboneException e)
        {
            throw new ModuleFormatException(e.Message);
        }
    }

    private static string PickleCommand(string pickle, string safetensors) =>
        "python -c \"import torch; from safetensors.torch import save_file; " +
        $"save_file({{k: v.contiguous() for k, v in torch.load('{pickle}', map_location='cpu', weights_only=True).items()}}, '{safetensors}')\"";
}
