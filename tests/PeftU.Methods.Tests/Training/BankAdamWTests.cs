using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using PeftU.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests.Training;

/// <summary>The per-user optimizer: a bank row steps exactly as torch's AdamW on that user alone (bias correction from
/// the user's own step count, its own learning rate), and a user without a step is left byte for byte — no weight decay,
/// no moment decay.</summary>
public sealed class BankAdamWTests
{
    [Fact]
    public void Each_user_steps_as_torch_adamw_on_that_user_alone_and_idle_users_stay_unchanged()
    {
        var init = randn(3, 4, 5, generator: new Generator(1));
        var bank = new BankTensor("layer.weight", new Parameter(init.clone()), [4, 5]);
        using var optimizer = new BankAdamW([bank], users: 3, weightDecay: 0.1, maxGradNorm: 0);
        // Torch reference for users 0 and 2, which take different numbers of steps at different rates.
        var alone = new[] { 0, 2 }.ToDictionary(u => u, u => new Parameter(init[u].clone()));
        var torchOptimizers = alone.ToDictionary(kv => kv.Key, kv => optim.AdamW([kv.Value], lr: 0.01, weight_decay: 0.1));
        var gradients = new Generator(2);
        double?[][] schedule = [[0.01, null, 0.01], [null, null, 0.02], [0.03, null, 0.02], [null, null, 0.01]];
        foreach (var rates in schedule)
        {
            var grad = randn(3, 4, 5, generator: gradients);
            bank.Bank.grad = grad.clone();
            optimizer.Step(rates);
            foreach (var (u, p) in alone)
            {
                if (rates[u] is not { } rate)
                    continue;
                foreach (var group in torchOptimizers[u].ParamGroups)
                    group.LearningRate = rate;
                p.grad = grad[u].clone();
                torchOptimizers[u].step();
            }
        }
        Assert.Equal(new[] { 2, 0, 4 }, optimizer.Steps);
        foreach (var (u, p) in alone)
            Assert.True(bank.Bank[u].allclose(p, rtol: 1e-5, atol: 1e-6), $"user {u} differs from torch's AdamW");
        Assert.True(bank.Bank[1].equal(init[1]).all().item<bool>(), "user 1 never stepped and must be unchanged");
    }

    [Fact]
    public void Gradient_norm_is_clipped_per_user()
    {
        var bank = new BankTensor("w", new Parameter(zeros(2, 3)), [3]);
        using var optimizer = new BankAdamW([bank], users: 2, weightDecay: 0, maxGradNorm: 1.0);
        // User 0's gradient has norm 10 and user 1's 0.5: only user 0 is scaled. Adam's first step is ≈ lr·sign(g), so
        // compare the second step, where the clipped moments differ from the unclipped ones.
        var reference = new Parameter(zeros(3));
        using var torchAdam = optim.AdamW([reference], lr: 0.1, weight_decay: 0);
        var g0 = tensor(new float[] { 6, 8, 0 });
        var g1 = tensor(new float[] { 0.3f, 0.4f, 0 });
        foreach (var scale in new[] { 1f, -2f })
        {
            bank.Bank.grad = stack([g0 * TorchScalars.Of(scale), g1 * TorchScalars.Of(scale)]);
            optimizer.Step([0.1, 0.1]);
            reference.grad = g0 * TorchScalars.Of(scale);
            nn.utils.clip_grad_norm_([reference], 1.0);
            torchAdam.step();
        }
        Assert.True(bank.Bank[0].allclose(reference, rtol: 1e-5, atol: 1e-7));
    }

    [Fact]
    public void Schedule_is_hf_linear_with_warmup()
    {
        var s = LinearWarmupSchedule.For(totalSteps: 20, warmupRatio: 0.1);
        Assert.Equal(2, s.WarmupSteps);
        Assert.Equal([0.0, 0.5, 1.0, 17 / 18.0, 0.0], new[] { 0, 1, 2, 3, 20 }.Select(s.Factor));
        Assert.Equal(1.0, LinearWarmupSchedule.For(5, 0).Factor(0));
    }

    [Fact]
    public void Warm_up_rounds_up_as_hf_trainer_or_down_as_the_originals_peft_path()
    {
        Assert.Equal(3, LinearWarmupSchedule.For(25, 0.1).WarmupSteps);              // ⌈2.5⌉
        Assert.Equal(2, LinearWarmupSchedule.For(25, 0.1, floor: true).WarmupSteps); // int(2.5)
        Assert.Equal(1, LinearWarmupSchedule.For(64, 0.01).WarmupSteps);             // HF: ⌈0.64⌉
        Assert.Equal(0, LinearWarmupSchedule.For(64, 0.01, floor: true).WarmupSteps);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Biases_decay_only_when_asked_as_torch_adamw_over_every_tensor(bool decayBias)
    {
        var init = ones(1, 3);
        var bias = new BankTensor("adapter.up.bias", new Parameter(init.clone()), [3]);
        using var optimizer = new BankAdamW([bias], users: 1, weightDecay: 0.5, maxGradNorm: 0, decayBias: decayBias);
        var reference = new Parameter(init[0].clone());
        using var torchAdam = optim.AdamW([reference], lr: 0.1, weight_decay: decayBias ? 0.5 : 0);
        var g = tensor(new float[] { 0.2f, -0.1f, 0.3f });
        bias.Bank.grad = g.unsqueeze(0).clone();
        optimizer.Step([0.1]);
        reference.grad = g.clone();
        torchAdam.step();
        Assert.True(bias.Bank[0].allclose(reference, rtol: 1e-5, atol: 1e-7), $"decay_bias={decayBias}");
    }
}
