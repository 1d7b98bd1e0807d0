namespace PeftU.Host.Plugins;

/// <summary>Which folders to search for plugins: <c>--plugins-dir</c> when given, else <c>PEFTU_PLUGINS_PATH</c>
/// (a PATH-style list), else <c>plugins/</c> next to the host.</summary>
public static class PluginSearchPath
{
    public const string EnvironmentVariable = "PEFTU_PLUGINS_PATH";

    public static IReadOnlyList<string> Resolve(string[]? commandLine, Func<string, string?> getEnvironmentVariable)
    {
        if (commandLine is { Length: > 0 })
            return commandLine.Select(Path.GetFullPath).ToList();
        string? fromEnvironment = getEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(Path.GetFullPath).ToList();
        return [DefaultFolder];
    }

    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "plugins");
}
