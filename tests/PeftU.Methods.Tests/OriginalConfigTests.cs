using PeftU.Abstractions.Backbone;
using PeftU.Core.Training;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests;

/// <summary>The settings the original's adapter path uses (peft_u/trainer/baseline_adapter.py): AdapterHub's
/// IA3Config() placement and HoulsbyConfig's bert init; and the validation-loss averages of its two code paths.</summary>
public sealed class OriginalConfigTests
{
    [Fact]
    public void Ia3_on_the_gated_ffns_wi_1_output_equals_this_projects_wo_input_placement()
    {
        // AdapterHub's IA3Config scales k, v and the FFN intermediate (on gated T5: wi_1's output); this project's
        // default scales k, v and wo's input. On a gated FFN wo's input is act(wi_0 x) · wi_1 x, so the same vector
        // gives the same model.
        using var backbone = TinyFlanFixture.Load();
        var (ids, mask) = TinyFlanFixture.Prompts(TinyFlanFixture.Expected("lora"));
        var ours = TestMethods.Create("ia3");
        var adapterHub = TestMethods.Create("ia3", "target_modules=k,v,wi_1;feedforward_modules=");
        Assert.Equal(ours.TrainableParameters(backbone.Model.Hooks.Dims), adapterHub.TrainableParameters(backbone.Model.Hooks.Dims));
        using var noGrad = no_grad();
        Tensor Output(PeftU.Abstractions.IPeftMethod method)
        {
            using var bank = method.Attach(backbone.Model.Hooks, 1, seed: 1);
            var values = new Generator(5);
            foreach (var t in bank.Tensors.OrderBy(t => t.Name.Replace("wi_1", "wo", StringComparison.Ordinal), StringComparer.Ordinal))
                t.Bank.copy_(rand(t.Bank.shape, generator: values).add(TorchScalars.Of(0.5), TorchScalars.One));
            return backbone.Model.Forward(ids, mask, TinyFlanFixture.DecoderIds(), zeros(ids.shape[0], dtype: ScalarType.Int64));
        }
        var a = Output(ours);
        var b = Output(adapterHub);
        Assert.True(a.allclose(b, rtol: 1e-5, atol: 1e-5), $"max |Δ| = {(a - b).abs().max().item<float>()}");
    }

    [Fact]
    public void Houlsby_bert_init_is_normal_0_02_with_zero_biases_and_not_the_identity()
    {
        using var backbone = TinyFlanFixture.Load();
        using var bank = TestMethods.Create("adapter-houlsby", "init_weights=bert").Attach(backbone.Model.Hooks, 2, seed: 1);
        var weights = cat([.. bank.Tensors.Where(t => t.Name.EndsWith("weight", StringComparison.Ordinal)).Select(t => t.Bank.flatten())]);
        Assert.InRange(weights.std().item<float>(), 0.018f, 0.022f);
        Assert.InRange(weights.mean().item<float>(), -0.002f, 0.002f);
        Assert.All(bank.Tensors.Where(t => t.Name.EndsWith("bias", StringComparison.Ordinal)), t => Assert.Equal(0, t.Bank.abs().sum().item<float>()));
        Assert.All(bank.Tensors, t => Assert.True(t.Bank[0].equal(t.Bank[1]).all().item<bool>(), "users start alike"));
        Assert.Contains(bank.Tensors, t => t.Name.EndsWith("up.weight", StringComparison.Ordinal) && t.Bank.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Validation_loss_averages_as_each_code_path_does()
    {
        using var backbone = TinyFlanFixture.Load();
        var model = backbone.Model;
        // One user with 3 validation examples of different target lengths, in batches of 2: [0, 1] and [2].
        var user = Training.BankTrainerTests.Users(backbone.Tokenizer!, trainSizes: [1])[0];
        var val = user.Val.Take(3).Select((e, i) => e with { Target = [.. Enumerable.Repeat(e.Target[0], i + 1), 1] }).ToList();
        double TokenMean(IEnumerable<TrainingExample> examples) =>
            BankTrainer.ValidationLosses(model, [user with { Val = [.. examples] }], 64, model.Device)[0];
        double first = TokenMean(val.Take(2)), last = TokenMean(val.Skip(2));
        double Mode(ValLoss mode) => BankTrainer.ValidationLosses(model, [user with { Val = val }], 64, model.Device, mode: mode, batch: 2)[0];

        // Within 5e-6 (fp32 sums over differently padded batches), as a tolerance: rounding both to 5 decimals fails
        // whenever the two straddle a rounding boundary, however close they are.
        const double tolerance = 5e-6;
        Assert.Equal((first + last) / 2, Mode(ValLoss.BatchMean), tolerance);               // train.py: Σ batch losses / batches
        Assert.Equal((2 * first + 1 * last) / 3, Mode(ValLoss.BatchMeanBySize), tolerance); // HF Trainer: weighted by batch size
        Assert.Equal(TokenMean(val), Mode(ValLoss.TokenMean), tolerance);
        Assert.NotEqual(Mode(ValLoss.BatchMean), Mode(ValLoss.TokenMean), 3);
    }
}
