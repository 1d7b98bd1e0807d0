namespace PeftU.Core.Adapters.Interop;

/// <summary>The on-disk layouts a module folder can have (docs/architecture.md §7, README "Module files").</summary>
public enum ModuleFormat
{
    /// <summary>This framework's: HF peft's files and names plus <c>peftu_method</c>/<c>peftu_options</c> in the config,
    /// so every method and option round-trips exactly.</summary>
    Peftu,

    /// <summary>HF peft's <c>adapter_config.json</c> + <c>adapter_model.safetensors</c> (LoRA, IA3, prompt tuning,
    /// P-tuning, prefix tuning).</summary>
    Peft,

    /// <summary>AdapterHub's <c>adapter_config.json</c> + <c>adapter.safetensors</c> (bottleneck adapters).</summary>
    AdapterHub,
}

public static class ModuleFormats
{
    public static readonly string[] Names = ["peftu", "peft", "adapterhub"];

    public static string Name(this ModuleFormat format) => format switch
    {
        ModuleFormat.Peft => "peft",
        ModuleFormat.AdapterHub => "adapterhub",
        _ => "peftu",
    };

    public static ModuleFormat Parse(string name) => name.ToLowerInvariant() switch
    {
        "peftu" => ModuleFormat.Peftu,
        "peft" => ModuleFormat.Peft,
        "adapterhub" => ModuleFormat.AdapterHub,
        _ => throw new ModuleFormatException($"unknown module format '{name}' (valid: {string.Join(", ", Names)})"),
    };
}
