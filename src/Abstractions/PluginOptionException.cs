namespace PeftU.Abstractions;

/// <summary>Every option problem found in one <see cref="IPeftPlugin.Configure"/> call, reported together.</summary>
public sealed class PluginOptionException(string pluginId, IReadOnlyList<OptionError> errors)
    : Exception(Format(pluginId, errors))
{
    public string PluginId { get; } = pluginId;

    public IReadOnlyList<OptionError> Errors { get; } = errors;

    private static string Format(string pluginId, IReadOnlyList<OptionError> errors) =>
        $"Invalid options for '{pluginId}':" + string.Concat(errors.Select(e => Environment.NewLine + "  " + e.Option + ": " + e.Message));
}
