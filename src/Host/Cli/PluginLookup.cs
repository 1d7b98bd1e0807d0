using System.CommandLine;
using PeftU.Abstractions;
using PeftU.Host.Plugins;

namespace PeftU.Host.Cli;

/// <summary>What every plugin-using command does: discover plugins from the search path, and create one by kind and id
/// with the nearest-name error as a one-line user error.</summary>
internal static class PluginLookup
{
    public static PluginCatalog Catalog(ParseResult parse, CliContext context, Option<string[]> pluginsDir) =>
        PluginCatalogLoader.Load(PluginSearchPath.Resolve(parse.GetValue(pluginsDir), context.GetEnvironmentVariable));

    public static T Create<T>(PluginCatalog catalog, PluginKind kind, string id) where T : IPeftPlugin
    {
        try
        {
            return (T)catalog.Find(kind, id).Create();
        }
        catch (KeyNotFoundException e)
        {
            throw new UserFacingException(e.Message, e);
        }
    }
}
