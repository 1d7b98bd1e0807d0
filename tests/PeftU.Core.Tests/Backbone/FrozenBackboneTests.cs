using PeftU.Abstractions.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Tests.Backbone;

public sealed class FrozenBackboneTests
{
    [Fact]
    public void Training_through_a_hook_moves_only_the_hooked_parameter_and_leaves_backbone_bytes_unchanged()
    {
        using var backbone = TinyFlan.Load();
        var model = backbone.Model;
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        Assert.All(model.parameters(), p => Assert.False(p.requires_grad));

        var delta = new TorchSharp.Modules.Parameter(zeros(model.Config.Inner));
        var site = model.Hooks.Linears.First(l => l.Module == "v" && l.Attention == AttentionKind.EncoderSelf);
        using var hook = model.Hooks.AddLinearOutput(site, (_, _, output, _) => output + delta);
        var optimizer = optim.AdamW([delta], lr: 0.1);

        model.train();
        var (ids, mask) = TinyFlan.Prompts();
        var logits = model.Forward(ids, mask, TinyFlan.DecoderIds());
        var loss = logits.logsumexp(-1).mean();
        loss.backward();
        optimizer.step();

        Assert.NotNull(delta.grad);
        Assert.True(delta.abs().sum().item<float>() > 0, "the hooked parameter moved");
        Assert.All(model.parameters(), p => Assert.Null(p.grad));
        foreach (var (name, value) in model.state_dict())
            Assert.True(value.equal(before[name]).all().item<bool>(), name + " changed");
    }

    [Fact]
    public void Dropout_is_active_only_in_training_mode()
    {
        using var backbone = TinyFlan.Load();
        var (ids, mask) = TinyFlan.Prompts();
        using var noGrad = no_grad();
        var a = backbone.Model.Encode(ids, mask).Hidden;
        var b = backbone.Model.Encode(ids, mask).Hidden;
        Assert.True(a.equal(b).all().item<bool>());
        backbone.Model.train();
        var c = backbone.Model.Encode(ids, mask).Hidden;
        Assert.False(a.allclose(c));
    }
}
