using PeftU.Abstractions;
using PeftU.Core.Backbone;
using PeftU.Core.Experiments;
using PeftU.Testing;

namespace PeftU.Methods.Tests;

/// <summary>Plans and reports show the options as they take effect: no sentinel (bottleneck_size 0), no option without
/// effect (prompt_init_text without prompt_init=text); set back on a fresh instance they give the same module.</summary>
public sealed class EffectiveOptionsTests
{
    // flan-t5-base: d_model 768, so reduction_factor 16 gives a bottleneck of 48.
    private static readonly Abstractions.Backbone.BackboneDims Dims =
        T5Config.Load(Path.Combine(RepoPaths.Fixtures, "t5", "flan-t5-base.config.json")).ToDims();

    [Theory]
    [InlineData("adapter-houlsby", "", "bottleneck_size=48, non_linearity=swish, init_weights=identity")]
    [InlineData("adapter-pfeiffer", "reduction_factor=8", "bottleneck_size=96, non_linearity=relu, init_weights=identity, adapter_input=sublayer")]
    [InlineData("adapter-houlsby", "bottleneck_size=7", "bottleneck_size=7, non_linearity=swish, init_weights=identity")]
    [InlineData("prompt-tuning", "", "num_virtual_tokens=20, prompt_init=random")]
    [InlineData("prompt-tuning", "prompt_init=text;prompt_init_text=is it hateful", "num_virtual_tokens=20, prompt_init=text, prompt_init_text=is it hateful")]
    [InlineData("prefix-tuning", "", "num_virtual_tokens=20, prefix_projection=false, placement=decoder-self")]
    [InlineData("prefix-tuning", "prefix_projection=true", "num_virtual_tokens=20, prefix_projection=true, encoder_hidden_size=512, placement=decoder-self")]
    [InlineData("p-tuning", "", "num_virtual_tokens=20, encoder_reparameterization_type=lstm, encoder_hidden_size=128, encoder_num_layers=2")]
    [InlineData("p-tuning", "encoder_reparameterization_type=mlp", "num_virtual_tokens=20, encoder_reparameterization_type=mlp, encoder_hidden_size=128")]
    [InlineData("lora", "", "r=8, lora_alpha=32, lora_dropout=0.1, target_modules=q,v")]
    public void Options_show_what_takes_effect_and_set_back_give_the_same_module(string id, string options, string expected)
    {
        var method = TestMethods.Create(id, options);
        Assert.Equal(expected, EffectiveOptions.Text(method, Dims));

        var again = TestMethods.Create(id);
        again.Configure(EffectiveOptions.Of(method, Dims).ToDictionary(kv => kv.Key, kv => (object?)kv.Value));
        Assert.Equal(method.TrainableParameters(Dims), again.TrainableParameters(Dims));
        Assert.Equal(expected, EffectiveOptions.Text(again, Dims));
        // The saved config too, but for the adapters' two ways of writing one bottleneck width.
        static string Config(IPeftMethod m) => System.Text.Json.JsonSerializer.Serialize(
            m.AdapterConfig().Where(kv => kv.Key is not ("bottleneck_size" or "reduction_factor")).ToDictionary());
        Assert.Equal(Config(method), Config(again));
    }
}
