using Microsoft.CodeAnalysis;
using PeftU.Testing;

namespace PeftU.Generators.Tests;

public sealed class GeneratedSourceTests
{
    [Fact]
    public async Task Method_plugin_source_matches_snapshot()
    {
        var (run, errors, _) = GeneratorHarness.Run(Samples.Lora, Samples.Task);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(errors);
        GeneratedSourceResult lora = run.Results[0].GeneratedSources.Single(s => s.HintName == "Sample_Methods_Lora.PeftU.g.cs");
        await Snapshot.Verify(lora.SourceText.ToString(), "cs");
    }

    [Fact]
    public async Task Registry_source_matches_snapshot()
    {
        var (run, errors, _) = GeneratorHarness.Run(Samples.Lora, Samples.Task);

        Assert.Empty(errors);
        GeneratedSourceResult registry = run.Results[0].GeneratedSources.Single(s => s.HintName == "PeftU.PluginRegistry.g.cs");
        await Snapshot.Verify(registry.SourceText.ToString(), "cs");
    }

    [Fact]
    public void An_assembly_without_plugins_gets_no_registry()
    {
        var (run, errors, _) = GeneratorHarness.Run("public class NotAPlugin { }");

        Assert.Empty(errors);
        Assert.Empty(run.Results[0].GeneratedSources);
    }
}
