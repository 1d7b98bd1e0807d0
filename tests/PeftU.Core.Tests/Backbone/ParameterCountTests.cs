using PeftU.Core.Backbone;
using PeftU.Testing;

namespace PeftU.Core.Tests.Backbone;

public sealed class ParameterCountTests
{
    public ParameterCountTests() => TorchRuntime.Initialize();

    [Fact]
    public void Flan_t5_base_config_alone_gives_the_published_count()
    {
        var config = T5Config.Load(Path.Combine(RepoPaths.Fixtures, "t5", "flan-t5-base.config.json"));
        Assert.Equal(247_577_856, T5ParameterCount.Count(config));
        Assert.Equal(247_577_856, config.ToDims().BaseParameters);
    }

    [Theory]
    [InlineData("chronos-tiny")]
    [InlineData("tiny-flan")]
    public void Analytic_count_equals_the_modules_real_count(string fixture)
    {
        var config = T5Config.Load(Path.Combine(Expected.ModelDir(fixture), "config.json"));
        using var model = new T5Model(config);
        Assert.Equal(model.parameters().Sum(p => p.numel()), T5ParameterCount.Count(config));
    }

    [Fact]
    public void Analytic_count_follows_unequal_decoder_depth_and_relu()
    {
        var config = T5Config.Load(Path.Combine(Expected.ModelDir("tiny-flan"), "config.json")) with
        {
            NumDecoderLayers = 3,
            GatedFeedForward = false,
            Activation = "relu",
            TieWordEmbeddings = true,
        };
        using var model = new T5Model(config);
        Assert.Equal(model.parameters().Sum(p => p.numel()), T5ParameterCount.Count(config));
        Assert.Equal(3, model.Hooks.Blocks.Count(b => b.Stack == PeftU.Abstractions.Backbone.StackKind.Decoder));
    }
}
