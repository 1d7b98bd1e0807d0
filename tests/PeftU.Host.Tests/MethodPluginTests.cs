using PeftU.Abstractions;
using PeftU.Core;
using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Host.Plugins;
using PeftU.Testing;
using static TorchSharp.torch;

namespace PeftU.Host.Tests;

/// <summary>A method plugin loaded in its own context builds tensors with the host's TorchSharp and attaches to the
/// host's backbone: the shared-types boundary works for real math, not only for metadata.</summary>
public sealed class MethodPluginTests
{
    [Fact]
    public void Lora_from_its_isolated_plugin_trains_on_the_hosts_backbone()
    {
        TorchRuntime.Initialize();
        var catalog = PluginCatalogLoader.Load([RepoPaths.StagedPlugins]);
        var lora = (IPeftMethod)catalog.Find(PluginKind.Method, "lora").Create();
        Assert.NotSame(typeof(PluginCatalog).Assembly, lora.GetType().Assembly);

        using var backbone = T5CheckpointLoader.Load(Path.Combine(RepoPaths.Fixtures, "t5", "tiny-flan"), BackboneDtype.Fp32);
        using var bank = lora.Attach(backbone.Model.Hooks, users: 2, seed: 3);
        Assert.Equal(lora.TrainableParameters(backbone.Model.Hooks.Dims), bank.Tensors.Sum(t => t.PerUser));

        var ids = tensor(new long[] { 100, 200, 1, 300, 1, 0 }, [2, 3]);
        var mask = tensor(new long[] { 1, 1, 1, 1, 1, 0 }, [2, 3]);
        var logits = backbone.Model.Forward(ids, mask, tensor(new long[] { 0, 5, 0, 6 }, [2, 2]), tensor(new long[] { 0, 1 }));
        logits.logsumexp(-1).mean().backward();
        Assert.All(bank.Tensors.Where(t => t.Name.Contains("lora_B")), t => Assert.True(t.Bank.grad is not null && t.Bank.grad.abs().sum().item<float>() > 0));
    }
}
