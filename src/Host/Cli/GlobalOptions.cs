using System.CommandLine;

namespace PeftU.Host.Cli;

/// <summary>Options every command accepts.</summary>
public static class GlobalOptions
{
    public static Option<string[]> PluginsDir() => new("--plugins-dir")
    {
        Description = "Folder of plugins (each in <Name>/<Name>.dll); repeatable. Default: $PEFTU_PLUGINS_PATH, else plugins/ next to peftu.",
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
    };
}
