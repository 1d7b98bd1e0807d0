using PeftU.Host.Cli;
using PeftU.Testing;
using static PeftU.Host.Tests.CliRunner;

namespace PeftU.Host.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task Plugins_lists_the_sample_plugins_with_options()
    {
        var (code, output, error) = Run("plugins", "--plugins-dir", RepoPaths.StagedPlugins);

        Assert.Equal("", error);
        Assert.Equal(ExitCodes.Success, code);
        await Snapshot.Verify(output);
    }

    [Fact]
    public async Task Plugins_json_lists_the_sample_plugins_with_options()
    {
        var (code, output, _) = Run("plugins", "--json", "--plugins-dir", RepoPaths.StagedPlugins);

        Assert.Equal(ExitCodes.Success, code);
        await Snapshot.Verify(output, "json");
    }

    [Fact]
    public void Plugins_folder_comes_from_the_environment_when_no_option_is_given()
    {
        var (code, output, _) = RunWith(
            name => name == "PEFTU_PLUGINS_PATH" ? RepoPaths.TestPlugins("isolation") : null, "plugins");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("json-new", output);
        Assert.Contains("json-old", output);
        Assert.DoesNotContain("few-shot", output);
    }

    [Fact]
    public void Plugins_with_load_failures_lists_the_good_ones_and_exits_1()
    {
        var (code, output, error) = Run("plugins", "--plugins-dir", RepoPaths.TestPlugins("faulty"));

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("healthy", output);
        Assert.Contains("plugin PeftU.TestPlugins.BringsTorch not loaded: it ships its own native torch", error);
    }

    [Theory]
    [InlineData("plugins", "--no-such-option")]
    [InlineData("no-such-command")]
    [InlineData]
    public void Bad_arguments_exit_2_with_usage(params string[] args)
    {
        var (code, output, error) = Run(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", output);
        Assert.Contains("Usage:", error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("plugins", "--help")]
    public void Help_is_available_everywhere(params string[] args)
    {
        var (code, output, _) = Run(args);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Usage:", output);
    }
}
