using System.Reflection;
using PeftU.Abstractions;

namespace PeftU.Generators.Tests;

/// <summary>Compiles sample plugins with the generator and runs the generated code.</summary>
public sealed class GeneratedCodeBehaviourTests
{
    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.Load(Samples.Lora, Samples.Task));

    private static IPluginRegistry Registry()
    {
        var attribute = Compiled.Value.GetCustomAttribute<PluginRegistryAttribute>()!;
        return (IPluginRegistry)Activator.CreateInstance(attribute.RegistryType)!;
    }

    [Fact]
    public void Registry_lists_every_plugin_with_metadata_from_attributes_and_docs()
    {
        var plugins = Registry().Plugins;

        Assert.Equal(["lora", "tweeteval"], plugins.Select(p => p.Id));
        PluginDescriptor lora = plugins[0];
        Assert.Equal((PluginKind.Method, "LoRA", "Hu et al., 2021, arXiv:2106.09685", "Low-rank adaptation of linear layers."),
            (lora.Kind, lora.DisplayName, lora.Paper, lora.Description));
        Assert.Equal(["r", "lora_alpha", "lora_dropout", "target_modules", "init_lora_weights", "use_rslora", "seed64", "bias"],
            lora.Options.Select(o => o.Name));
        Assert.Equal("r", lora.BudgetKnob!.Name);
        Assert.Equal("Rank of the update.", lora.FindOption("r")!.Description);
        Assert.Equal(["gaussian", "kaiming-uniform"], lora.FindOption("init_lora_weights")!.AllowedValues);
        Assert.Equal(PluginKind.Task, plugins[1].Kind);
    }

    [Fact]
    public void Generated_count_follows_trainable_declarations_sites_and_conditions()
    {
        var lora = (IPeftMethod)Registry().Create("lora");
        var flanT5Base = new PeftU.Abstractions.Backbone.BackboneDims(768, 64, 12, 2048, 12, 12, 32128, true, false, 247_577_856);
        Assert.Equal(884_736, lora.TrainableParameters(flanT5Base));           // Σ q,v sites r·(in + out)
        lora.Configure(new Dictionary<string, object?> { ["r"] = "1", ["target_modules"] = "q,k,v,o", ["bias"] = "all" });
        Assert.Equal(4 * 36 * 1536 + 2 * 768, lora.TrainableParameters(flanT5Base)); // 36 attentions · 4 projections, + bias (When)
        Assert.Equal("lora_A: Σ TargetSites R × In; lora_B: Σ TargetSites Out × R; bias: 2 × DModel (if TrainsBias)", lora.Descriptor.TrainableFormula);
    }

    [Fact]
    public void Defaults_are_applied_and_reported_in_canonical_text()
    {
        IPeftPlugin lora = Registry().Create("lora");

        Assert.Equal(new Dictionary<string, string>
        {
            ["r"] = "8", ["lora_alpha"] = "32", ["lora_dropout"] = "0.1", ["target_modules"] = "q,v",
            ["init_lora_weights"] = "kaiming-uniform", ["use_rslora"] = "false", ["seed64"] = "1099511627776", ["bias"] = "none",
        }, lora.GetOptionValues());
    }

    [Fact]
    public void Configure_sets_typed_properties_from_yaml_and_cli_shaped_values()
    {
        IPeftPlugin lora = Registry().Create("lora");

        lora.Configure(new Dictionary<string, object?>
        {
            ["r"] = "16", ["lora_alpha"] = 64, ["target_modules"] = "q,k,v,o", ["init_lora_weights"] = "Gaussian",
            ["use_rslora"] = "true", ["bias"] = "all",
        });

        Type type = lora.GetType();
        Assert.Equal(16, type.GetProperty("R")!.GetValue(lora));
        Assert.Equal(64.0, type.GetProperty("LoraAlpha")!.GetValue(lora));
        Assert.Equal(new[] { "q", "k", "v", "o" }, type.GetProperty("TargetModules")!.GetValue(lora));
        Assert.Equal("Gaussian", type.GetProperty("InitLoraWeights")!.GetValue(lora)!.ToString());
        Assert.Equal(true, type.GetProperty("UseRslora")!.GetValue(lora));
        lora.Configure(new Dictionary<string, object?> { ["target_modules"] = new List<object> { "wi_0", "wo" } });
        Assert.Equal(new[] { "wi_0", "wo" }, type.GetProperty("TargetModules")!.GetValue(lora));
    }

    [Fact]
    public void Invalid_values_name_option_value_and_allowed_range_and_change_nothing()
    {
        IPeftPlugin lora = Registry().Create("lora");

        var error = Assert.Throws<PluginOptionException>(() => lora.Configure(new Dictionary<string, object?>
        {
            ["r"] = 0, ["lora_dropout"] = "1.5", ["target_modules"] = "q,x", ["init_lora_weights"] = "xavier", ["rank"] = 4,
        }));

        Assert.Equal(
            [
                "rank: unknown option for 'lora'; valid: r, lora_alpha, lora_dropout, target_modules, init_lora_weights, use_rslora, seed64, bias",
                "r: 0 is out of range (allowed: >= 1)",
                "lora_dropout: 1.5 is out of range (allowed: 0..1)",
                "target_modules: 'x' is not allowed (allowed: one of q, k, v, o, wi, wi_0, wi_1, wo)",
                "init_lora_weights: 'xavier' is not a valid Init (one of gaussian, kaiming-uniform)",
            ],
            error.Errors.Select(e => e.Option + ": " + e.Message));
        Assert.Equal("8", lora.GetOptionValues()["r"]);
    }

    [Fact]
    public void Every_allowed_enum_text_binds_and_is_reported_back_unchanged()
    {
        IPeftPlugin lora = Registry().Create("lora");
        OptionDescriptor option = lora.Descriptor.FindOption("init_lora_weights")!;

        foreach (string text in option.AllowedValues)
        {
            lora.Configure(new Dictionary<string, object?> { [option.Name] = text });
            Assert.Equal(text, lora.GetOptionValues()[option.Name]);
        }
    }
}
