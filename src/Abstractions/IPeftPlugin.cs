namespace PeftU.Abstractions;

/// <summary>What every plugin instance offers; the generator implements all of it from the attributes.</summary>
public interface IPeftPlugin
{
    /// <summary>This plugin's generated metadata.</summary>
    PluginDescriptor Descriptor { get; }

    /// <summary>Sets options by YAML key. Values may be typed (int, double, bool, string, string[], lists from YAML) or
    /// text as given to <c>--set</c>. Every problem is collected and thrown together as one
    /// <see cref="PluginOptionException"/>; on error no option is changed.</summary>
    void Configure(IReadOnlyDictionary<string, object?> values);

    /// <summary>Current option values by YAML key in canonical text form (as <see cref="OptionDescriptor.DefaultText"/>).</summary>
    IReadOnlyDictionary<string, string> GetOptionValues();
}
