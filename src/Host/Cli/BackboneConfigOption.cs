using System.CommandLine;
using PeftU.Abstractions.Backbone;
using PeftU.Core.Backbone;

namespace PeftU.Host.Cli;

/// <summary>Shared by <c>params</c> and <c>budget</c>: the backbone config option and the dims it defines.</summary>
internal static class BackboneConfigOption
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
}
