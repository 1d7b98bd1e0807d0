using PeftU.Abstractions.Backbone;
using PeftU.Abstractions;
using PeftU.Core.Adapters;
using PeftU.Core.Backbone;
using PeftU.Testing;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests;

/// <summary>Every method: save one user of a trained bank, load it into another bank's user, same outputs; the framework's
/// count guard; peft's doubled prompt-learning convention.</summary>
public sealed class PersistenceTests
{
    public static TheoryData<string> Trainable => ["lora", "ia3", "adapter-houlsby", "adapter-pfeiffer", "prompt-tuning", "prefix-tuning", "p-tuning"];

    [Theory]
    [MemberData(nameof(Trainable))]
    public void Save_then_load_reproduces_the_users_outputs(string id)
    {
        using var backbone = TinyFlanFixture.Load();
        var model = backbone.Model;
        var (ids, mask) = TinyFlanFixture.Prompts(TinyFlanFixture.Expected("lora"));
        var method = TestMethods.Create(id);
        string folder = Path.Combine(Path.GetTempPath(), "peftu-save-" + Guid.NewGuid().ToString("N"));
        Tensor expected;
        try
        {
            using (var trained = method.Attach(model.Hooks, users: 3, seed: 1))
            {
                using (no_grad())
                {
                    var generator = new Generator(11);
                    foreach (var tensor in trained.Tensors)
                        tensor.Bank.PlusInPlace(randn(tensor.Bank.shape, generator: generator) * TorchScalars.Of(0.05));
                    expected = model.Forward(ids, mask, TinyFlanFixture.DecoderIds(), tensor(new long[] { 2, 2 })).clone();
                }
                MethodChecks.VerifyCount(method, trained, model.Hooks.Dims);
                AdapterStore.Save(folder, method, trained, user: 2, baseModel: "tiny-flan");
            }
            using var restored = method.Attach(model.Hooks, users: 1, seed: 99);
            AdapterStore.Load(folder, restored, user: 0);
            using var noGrad = no_grad();
            var actual = model.Forward(ids, mask, TinyFlanFixture.DecoderIds());
            Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-5));
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Prompt_tuning_reports_peft_doubled_count_too()
    {
        var dims = T5Config.Load(Path.Combine(RepoPaths.Fixtures, "t5", "flan-t5-base.config.json")).ToDims();
        var prompt = TestMethods.Create("prompt-tuning");
        Assert.Equal(15_360, prompt.TrainableParameters(dims));
        Assert.Equal(30_720, MethodChecks.PeftConventionCount(prompt, dims));
        Assert.Equal(884_736, MethodChecks.PeftConventionCount(TestMethods.Create("lora"), dims));
    }
}

public sealed class CountGuardTests
{
    [Fact]
    public void A_method_whose_formula_disagrees_with_its_module_is_stopped_naming_both_counts()
    {
        using var backbone = TinyFlanFixture.Load();
        var liar = new MiscountingMethod(TestMethods.Create("lora"));
        using var bank = liar.Attach(backbone.Model.Hooks, 1, 1);
        var error = Assert.Throws<InvalidOperationException>(() => MethodChecks.VerifyCount(liar, bank, backbone.Model.Hooks.Dims));
        Assert.Contains("analytic count 1 differs from the attached module's 6,144", error.Message);
    }

    /// <summary>Delegates to a real method but reports a wrong analytic count.</summary>
    private sealed class MiscountingMethod(IPeftMethod inner) : IPeftMethod
    {
        public PluginDescriptor Descriptor => inner.Descriptor;

        public void Configure(IReadOnlyDictionary<string, object?> values) => inner.Configure(values);

        public IReadOnlyDictionary<string, string> GetOptionValues() => inner.GetOptionValues();

        public long TrainableParameters(PeftU.Abstractions.Backbone.BackboneDims dims) => 1;

        public PeftU.Abstractions.Methods.IMethodBank Attach(PeftU.Abstractions.Backbone.IBackboneHooks hooks, int users, long seed) => inner.Attach(hooks, users, seed);

        public IReadOnlyDictionary<string, object?> AdapterConfig() => inner.AdapterConfig();
    }
}

public sealed class BankPersistenceTests
{
    [Fact]
    public void A_whole_bank_saves_per_user_and_loads_back_in_another_order()
    {
        using var backbone = TinyFlanFixture.Load();
        var method = TestMethods.Create("lora");
        string folder = Path.Combine(Path.GetTempPath(), "peftu-bank-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var bank = method.Attach(backbone.Model.Hooks, 3, 1);
            using (no_grad())
            {
                for (int u = 0; u < 3; u++)
                    bank.Tensors[1].Bank[u].fill_(TorchScalars.Of(u + 1)); // lora_B of the first site: a per-user marker
            }
            AdapterStore.SaveBank(folder, method, bank, ["u/a", "b", "c"]);
            Assert.True(File.Exists(Path.Combine(folder, "u_a", AdapterStore.WeightsFile)));

            using var reloaded = method.Attach(backbone.Model.Hooks, 2, 7);
            AdapterStore.LoadBank(folder, reloaded, ["c", "u/a"]);
            Assert.Equal(3f, reloaded.Tensors[1].Bank[0].mean().item<float>());
            Assert.Equal(1f, reloaded.Tensors[1].Bank[1].mean().item<float>());
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
