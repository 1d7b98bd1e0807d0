namespace PeftU.TestPlugins.Json;

internal static class ProbeId
{
    public const string Value = "json-new";
}
