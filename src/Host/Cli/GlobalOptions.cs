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

    public static Option<bool> Debug() => new("--debug")
    {
        Description = "Print the stack trace of a failure (also PEFTU_DEBUG=1).",
        Recursive = true,
    };
}
