using System.Text.Json;

namespace PeftU.Core.Adapters.Interop;

/// <summary>This framework's module folders (<see cref="AdapterStore"/> writes them): the plugin id and options are in
/// the config, tensors keep the bank's names.</summary>
internal static class PeftuFiles
{
    public static PortableModule Read(string folder, ConfigJson config)
    {
        string method = config.String("peftu_method");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (config.Has("peftu_options"))
        {
            var json = config.Child("peftu_options");
            foreach (var option in json.Root.EnumerateObject())
            {
                options[option.Name] = option.Value.ValueKind == JsonValueKind.String
                    ? option.Value.GetString()!
                    : throw json.Bad(option.Name, "a string (as --set gives it)", option.Value);
            }
        }
        var dims = BackboneDimsJson.Read(config);
        var tensors = ModuleReader.Tensors(folder, AdapterStore.WeightsFile, "adapter_model.bin");
        return new PortableModule(folder, ModuleFormat.Peftu, method, options, tensors, config.OptionalString("base_model_name_or_path"), dims, []);
    }
}
