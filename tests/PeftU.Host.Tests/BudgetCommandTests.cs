using System.Text.Json;
using PeftU.Host.Cli;
using PeftU.Testing;
using static PeftU.Host.Tests.CliRunner;

namespace PeftU.Host.Tests;

/// <summary><c>peftu params</c> and <c>peftu budget</c> on the flan-t5-base config, through the staged method plugins.</summary>
public sealed class BudgetCommandTests
{
    private static readonly string Config = Path.Combine(RepoPaths.Fixtures, "t5", "flan-t5-base.config.json");

    [Fact]
    public void Params_prints_the_count_and_both_percentages()
    {
        var (code, output, error) = Run("params", "--backbone-config", Config, "--method", "lora", "--set", "target_modules=q,k,v,o", "--set", "r=4", "--json", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(884_736, json.GetProperty("trainable_params").GetInt64());
        Assert.Equal(884_736 * 100.0 / 247_577_856, json.GetProperty("percent_of_base").GetDouble(), 9);
        Assert.Equal(884_736 * 100.0 / (247_577_856 + 884_736), json.GetProperty("percent_of_total").GetDouble(), 9);
    }

    [Fact]
    public void Params_with_a_bad_option_lists_the_valid_ones()
    {
        var (code, _, error) = Run("params", "--backbone-config", Config, "--method", "lora", "--set", "r=0", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("r", error);
        Assert.Contains("1..4096", error);
    }

    [Fact]
    public void Budget_solves_every_methods_knob()
    {
        var (code, output, error) = Run("budget", "--backbone-config", Config, "--params", "110592", "--json", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("method").GetString()!);
        Assert.Equal(1, rows["lora"].GetProperty("value").GetInt64());
        Assert.Equal(144, rows["prompt-tuning"].GetProperty("value").GetInt64());
        Assert.Equal(6, rows["prefix-tuning"].GetProperty("value").GetInt64());
        Assert.False(rows["ia3"].GetProperty("within_tolerance").GetBoolean());
        Assert.True(rows["zero-shot"].GetProperty("within_tolerance").GetBoolean());
    }
}
