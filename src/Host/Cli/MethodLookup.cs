using System.CommandLine;
using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Core.Backbone;
using PeftU.Host.Plugins;

namespace PeftU.Host.Cli;

/// <summary>Shared by <c>params</c> and <c>budget</c>: the backbone config option and method plugins by id.</summary>
internal static class MethodLookup
{
    public static Option<string> BackboneConfig() => new("--backbone-config")
    {
        Description = "A T5 config.json (e.g. tests/fixtures/t5/flan-t5-base.config.json); no weights are loaded.",
        Required = true,
    };

    public static BackboneDims Dims(string path)
    {
        try
        {
            return T5Config.Load(path).ToDims();
        }
        catch (BackboneException e)
        {
            throw new UserFacingException(e.Message, e);
        }
    }

    public static PluginCatalog Catalog(ParseResult parse, CliContext context, Option<string[]> pluginsDir) =>
        PluginCatalogLoader.Load(PluginSearchPath.Resolve(parse.GetValue(pluginsDir), context.GetEnvironmentVariable));

    public static IPeftMethod Find(PluginCatalog catalog, string id)
    {
        try
        {
            return (IPeftMethod)catalog.Find(PluginKind.Method, id).Create();
        }
        catch (KeyNotFoundException e)
        {
            throw new UserFacingException(e.Message, e);
        }
    }
}
