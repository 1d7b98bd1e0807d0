using PeftU.Abstractions;
using PeftU.Host.Plugins;
using PeftU.Testing;

namespace PeftU.Host.Tests;

/// <summary>Generated option binding, exercised on a real plugin loaded through the host.</summary>
public sealed class PluginOptionTests
{
    private static IPeftPlugin FewShot() =>
        PluginCatalogLoader.Load([RepoPaths.StagedPlugins]).Find(PluginKind.Method, "few-shot").Create();

    [Fact]
    public void Options_bind_from_text_and_typed_values()
    {
        IPeftPlugin plugin = FewShot();

        plugin.Configure(new Dictionary<string, object?> { ["k"] = "5" });
        Assert.Equal("5", plugin.GetOptionValues()["k"]);
        plugin.Configure(new Dictionary<string, object?> { ["k"] = 2 });
        Assert.Equal("2", plugin.GetOptionValues()["k"]);
    }

    [Fact]
    public void All_option_errors_are_reported_together_and_nothing_changes()
    {
        IPeftPlugin plugin = FewShot();

        var error = Assert.Throws<PluginOptionException>(() =>
            plugin.Configure(new Dictionary<string, object?> { ["k"] = "99", ["kk"] = 1 }));

        Assert.Equal(2, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.Option == "k" && e.Message == "99 is out of range (allowed: 0..32)");
        Assert.Contains(error.Errors, e => e.Option == "kk" && e.Message.Contains("did you mean 'k'?"));
        Assert.Equal("3", plugin.GetOptionValues()["k"]);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_option_value_and_type()
    {
        var error = Assert.Throws<PluginOptionException>(() =>
            FewShot().Configure(new Dictionary<string, object?> { ["k"] = "three" }));

        Assert.Equal("Invalid options for 'few-shot':" + Environment.NewLine + "  k: 'three' is not a valid int (0..32)", error.Message);
    }
}
