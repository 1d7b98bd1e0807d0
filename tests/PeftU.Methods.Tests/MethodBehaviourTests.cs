using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using PeftU.Core.Backbone;
using PeftU.Methods.Baselines;
using PeftU.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests;

/// <summary>What every trainable method must do on the real tiny T5: exact counts, identity at init where peft's init is
/// an identity, gradients only into its bank, frozen backbone bytes, learning, and banks equal to separate modules.</summary>
public sealed class MethodBehaviourTests
{
    public static TheoryData<string, string> OptionSets => new()
    {
        { "lora", "" }, { "lora", "r=3;target_modules=q,k,v,o,wi_0,wi_1,wo" }, { "lora", "r=1;target_modules=wo" },
        { "ia3", "" }, { "ia3", "target_modules=q,wi_1,wo;feedforward_modules=wi_1,wo" },
        { "adapter-houlsby", "" }, { "adapter-houlsby", "bottleneck_size=5;non_linearity=gelu" },
        { "adapter-pfeiffer", "" }, { "adapter-pfeiffer", "reduction_factor=4" }, { "adapter-pfeiffer", "adapter_input=residual;init_weights=bert" },
        { "prompt-tuning", "" }, { "prompt-tuning", "num_virtual_tokens=3;prompt_init=vocab" },
        { "prefix-tuning", "" }, { "prefix-tuning", "num_virtual_tokens=3;placement=all" },
        { "prefix-tuning", "prefix_projection=true;encoder_hidden_size=7;placement=all" },
        { "p-tuning", "" }, { "p-tuning", "encoder_reparameterization_type=mlp;encoder_hidden_size=16" },
        { "p-tuning", "encoder_num_layers=1;encoder_hidden_size=12;num_virtual_tokens=4" },
        { "scale-shift", "" }, { "scale-shift", "include_attention=true" },
    };

    public static TheoryData<string> Trainable => ["lora", "ia3", "adapter-houlsby", "adapter-pfeiffer", "prompt-tuning", "prefix-tuning", "p-tuning", "scale-shift"];

    /// <summary>Methods whose peft/AdapterHub initialisation is an exact identity.</summary>
    public static TheoryData<string> IdentityAtInit => ["lora", "ia3", "adapter-houlsby", "adapter-pfeiffer", "scale-shift"];

    [Fact]
    public void Flan_t5_base_counts_match_hf_peft()
    {
        var dims = T5Config.Load(Path.Combine(RepoPaths.Fixtures, "t5", "flan-t5-base.config.json")).ToDims();
        Assert.Equal(884_736, Create("lora", "").TrainableParameters(dims));
        Assert.Equal(104_448, Create("ia3", "").TrainableParameters(dims));
        Assert.Equal(3_578_112, Create("adapter-houlsby", "").TrainableParameters(dims));
        Assert.Equal(1_789_056, Create("adapter-pfeiffer", "").TrainableParameters(dims));
        Assert.Equal(15_360, Create("prompt-tuning", "").TrainableParameters(dims));
        Assert.Equal(368_640, Create("prefix-tuning", "").TrainableParameters(dims));
        Assert.Equal(0, new ZeroShot().TrainableParameters(dims));
    }

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Analytic_count_equals_the_attached_banks_elements_per_user(string id, string options)
    {
        using var backbone = TinyFlanFixture.Load();
        var method = Create(id, options);
        using var bank = method.Attach(backbone.Model.Hooks, users: 3, seed: 1);
        Assert.Equal(method.TrainableParameters(backbone.Model.Hooks.Dims), bank.Tensors.Sum(t => t.PerUser));
    }

    [Fact]
    public void Analytic_sites_equal_the_backbones_sites()
    {
        using var backbone = TinyFlanFixture.Load();
        Assert.Equal(backbone.Model.Hooks.Linears, BackboneSites.Linears(backbone.Model.Hooks.Dims));
        Assert.Equal(backbone.Model.Hooks.Sublayers, BackboneSites.Sublayers(backbone.Model.Hooks.Dims));
    }

    [Theory]
    [MemberData(nameof(IdentityAtInit))]
    public void A_fresh_module_leaves_the_model_unchanged(string id)
    {
        using var backbone = TinyFlanFixture.Load();
        var (ids, mask) = Prompts();
        using var noGrad = no_grad();
        var plain = backbone.Model.Forward(ids, mask, TinyFlanFixture.DecoderIds());
        using var bank = Create(id, "").Attach(backbone.Model.Hooks, 2, 1);
        Assert.True(backbone.Model.Forward(ids, mask, TinyFlanFixture.DecoderIds(), tensor(new long[] { 0, 1 })).equal(plain).all().item<bool>());
    }

    [Theory]
    [MemberData(nameof(Trainable))]
    public void Training_moves_only_the_bank_lowers_the_loss_and_keeps_backbone_bytes(string id)
    {
        using var backbone = TinyFlanFixture.Load();
        var model = backbone.Model;
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        using var bank = Create(id, "").Attach(model.Hooks, 1, 1);
        var parameters = bank.Tensors.Select(t => t.Bank).ToList();
        var optimizer = optim.AdamW(parameters, lr: 0.05, weight_decay: 0);
        var (ids, mask) = Prompts();
        var first = 0.0;
        var last = 0.0;
        model.eval(); // deterministic steps: the fixture checks learning, not dropout
        for (int step = 0; step < 15; step++)
        {
            optimizer.zero_grad();
            var loss = Loss(model, ids, mask, null);
            loss.backward();
            optimizer.step();
            if (step == 0)
                first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(last < first * 0.9, $"loss {first} → {last}");
        Assert.All(model.parameters(), p => Assert.Null(p.grad));
        foreach (var (name, value) in model.state_dict())
            Assert.True(value.equal(before[name]).all().item<bool>(), name + " changed");
    }

    [Theory]
    [MemberData(nameof(Trainable))]
    public void A_bank_of_three_equals_three_separate_modules_in_forward_and_one_adamw_step(string id)
    {
        using var backbone = TinyFlanFixture.Load();
        var model = backbone.Model;
        var (ids, mask) = Prompts();
        ids = ids.repeat(2, 1)[..3];
        mask = mask.repeat(2, 1)[..3];
        var decoder = TinyFlanFixture.DecoderIds().repeat(2, 1)[..3];
        var users = tensor(new long[] { 0, 1, 2 });

        // The bank: users get different values (as after training), one mixed batch, one AdamW step.
        var method = Create(id, "");
        var bank = method.Attach(model.Hooks, 3, 1);
        Perturb(bank, seed: 5);
        var initial = bank.Tensors.Select(t => t.Bank.detach().clone()).ToList();
        var bankLogits = model.Forward(ids, mask, decoder, users);
        var bankStep = Step(bank, () => PerRowLoss(bankLogits, decoder).sum() * TorchScalars.Of(LossScale));
        bank.Dispose();

        for (int u = 0; u < 3; u++)
        {
            using var single = method.Attach(model.Hooks, 1, 1);
            using (no_grad())
            {
                for (int t = 0; t < single.Tensors.Count; t++)
                    single.Tensors[t].Bank.copy_(initial[t][u].unsqueeze(0));
            }
            var row = tensor(new long[] { u });
            var logits = model.Forward(ids[u..(u + 1)], mask[u..(u + 1)], decoder[u..(u + 1)]);
            Assert.True(logits.allclose(bankLogits[u..(u + 1)], rtol: 0, atol: 1e-5), $"user {u} forward");
            var singleStep = Step(single, () => PerRowLoss(logits, decoder[u..(u + 1)]).sum() * TorchScalars.Of(LossScale));
            for (int t = 0; t < singleStep.Count; t++)
                AssertSameStep((singleStep[t].Grad[0], singleStep[t].After[0]), (bankStep[t].Grad[u], bankStep[t].After[u]), $"user {u} tensor {t}");
        }
    }

    /// <summary>Adam's first step is lr·g/(|g| + eps) ≈ lr·sign(g): an element whose gradient is at fp32 cancellation
    /// level (|g| ~ 1e-9 of the tensor's largest) moves ±lr at random in both runs. The step is therefore compared on
    /// elements with |g| ≥ 1e-6·max|g| (all others' gradients are compared directly); scaling the loss keeps real
    /// gradients far above eps. Seen on the P-tuning LSTM: max |g| 3566, min 1e-7 in one run and 5e-6 in the other.</summary>
    private const double LossScale = 1e4;

    private static void AssertSameStep((Tensor Grad, Tensor After) single, (Tensor Grad, Tensor After) banked, string what)
    {
        double scale = banked.Grad.abs().max().item<float>();
        Assert.True(single.Grad.allclose(banked.Grad, rtol: 0, atol: 1e-5 * Math.Max(scale, 1e-3)), $"{what}: gradients differ");
        var conditioned = banked.Grad.abs() >= TorchScalars.Of(1e-6 * scale);
        var difference = ((single.After - banked.After).abs() * conditioned).max().item<float>();
        Assert.True(difference <= 1e-5, $"{what}: AdamW step differs by {difference}");
    }

    private static List<(Tensor Grad, Tensor After)> Step(IMethodBank bank, Func<Tensor> loss)
    {
        var optimizer = optim.AdamW(bank.Tensors.Select(t => t.Bank), lr: 1e-3, weight_decay: 0.01);
        loss().backward();
        var grads = bank.Tensors.Select(t => t.Bank.grad!.detach().clone()).ToList();
        optimizer.step();
        return grads.Zip(bank.Tensors, (g, t) => (g, t.Bank.detach().clone())).ToList();
    }

    private static void Perturb(IMethodBank bank, long seed)
    {
        var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var tensor in bank.Tensors)
            tensor.Bank.PlusInPlace(randn(tensor.Bank.shape, generator: generator) * TorchScalars.Of(0.1));
    }

    private static Tensor Loss(T5Model model, Tensor ids, Tensor mask, Tensor? users) =>
        PerRowLoss(model.Forward(ids, mask, TinyFlanFixture.DecoderIds(), users), TinyFlanFixture.DecoderIds()).mean();

    // Teacher-forced next-token loss on the decoder ids shifted by one (enough signal to learn on two rows).
    private static Tensor PerRowLoss(Tensor logits, Tensor decoderIds)
    {
        var targets = decoderIds[.., 1..];
        var logProbs = nn.functional.log_softmax(logits[.., ..^1, ..], -1);
        return -logProbs.gather(-1, targets.unsqueeze(-1)).squeeze(-1).mean(new long[] { 1 });
    }

    private static (Tensor, Tensor) Prompts() => TinyFlanFixture.Prompts(TinyFlanFixture.Expected("lora"));

    private static IPeftMethod Create(string id, string options) => TestMethods.Create(id, options);
}
