using System.Reflection;

namespace PeftU.Testing;

/// <summary>Repository locations, baked into each test assembly at build time.</summary>
public static class RepoPaths
{
    public static string Root => Metadata("RepoRoot");

    public static string Configuration => Metadata("Configuration");

    /// <summary>Where the real plugins are staged by their build (artifacts/plugins/&lt;Configuration&gt;).</summary>
    public static string StagedPlugins => Path.Combine(Root, "artifacts", "plugins", Configuration);

    /// <summary>Where a test-plugin scenario is staged (artifacts/testplugins/&lt;Configuration&gt;/&lt;scenario&gt;).</summary>
    public static string TestPlugins(string scenario) => Path.Combine(Root, "artifacts", "testplugins", Configuration, scenario);

    public static string Fixtures => Path.Combine(Root, "tests", "fixtures");

    private static string Metadata(string key) =>
        AppDomain.CurrentDomain.GetAssemblies()
            .SelectMany(a => a.GetCustomAttributes<AssemblyMetadataAttribute>())
            .FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"No [AssemblyMetadata(\"{key}\")] on a loaded test assembly; see tests/Directory.Build.props.");
}
