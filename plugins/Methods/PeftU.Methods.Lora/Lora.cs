using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Methods.Lora;

/// <summary>Low-rank adaptation: <c>y = W x + B(A dropout(x)) · lora_alpha / r</c> on each targeted projection, with
/// HF peft's initialisation (A kaiming-uniform, B zeros, so a fresh module leaves the model unchanged) and tensor names.</summary>
[PeftMethod("lora", Display = "LoRA", Paper = "Hu et al., 2021, arXiv:2106.09685")]
[Trainable("lora_A", Sites = nameof(TargetSites), Shape = "R, In")]
[Trainable("lora_B", Sites = nameof(TargetSites), Shape = "Out, R")]
public sealed partial class Lora : IPeftMethod
{
    /// <summary>Rank of the update (the budget knob).</summary>
    [PeftOption(Default = 8, Min = 1, Max = 4096), BudgetKnob]
    public partial int R { get; }

    /// <summary>Scale numerator: the update is multiplied by lora_alpha / r.</summary>
    [PeftOption(Default = 32.0, Min = 0.0)]
    public partial double LoraAlpha { get; }

    /// <summary>Dropout on the input of A during training.</summary>
    [PeftOption(Default = 0.1, Min = 0.0, Max = 1.0)]
    public partial double LoraDropout { get; }

    /// <summary>Projections to adapt, in every attention (q, k, v, o) or feed-forward (wi, wi_0, wi_1, wo) they occur.</summary>
    [PeftOption(Default = new[] { "q", "v" }, OneOf = new[] { "q", "k", "v", "o", "wi", "wi_0", "wi_1", "wo" })]
    public partial string[] TargetModules { get; }

    private IEnumerable<LinearSite> TargetSites(BackboneDims dims) => Sites(BackboneSites.Linears(dims));

    public IMethodBank Attach(IBackboneHooks hooks, int users, long seed)
    {
        var bank = new MethodBank(users);
        var generator = new Generator((ulong)seed);
        double scaling = LoraAlpha / R;
        foreach (var site in Sites(hooks.Linears))
        {
            string dropoutSite = $"{site.Name}.lora_dropout";
            var a = bank.Add(new BankTensor($"base_model.model.{site.Name}.lora_A.weight", BankInit.Replicate(users, BankInit.Uniform([R, site.InFeatures], site.InFeatures, generator), hooks.Device), [R, site.InFeatures]));
            var b = bank.Add(new BankTensor($"base_model.model.{site.Name}.lora_B.weight", BankInit.Filled(users, [site.OutFeatures, R], 0, hooks.Device), [site.OutFeatures, R]));
            bank.Hook(hooks.AddLinearOutput(site, (_, x, y, context) =>
            {
                var rows = context.UserIndex;
                var input = context.Dropout(x.to(ScalarType.Float32), LoraDropout, dropoutSite);
                var down = bmm(input, a.Rows(rows).transpose(1, 2));
                var up = bmm(down, b.Rows(rows).transpose(1, 2));
                return y.Plus((up * TorchScalars.Of(scaling)).to(y.dtype));
            }));
        }
        return bank;
    }

    public IReadOnlyDictionary<string, object?> AdapterConfig() => new Dictionary<string, object?>
    {
        ["peft_type"] = "LORA",
        ["task_type"] = "SEQ_2_SEQ_LM",
        ["r"] = R,
        ["lora_alpha"] = LoraAlpha,
        ["lora_dropout"] = LoraDropout,
        ["target_modules"] = TargetModules,
        ["bias"] = "none",
        ["fan_in_fan_out"] = false,
        ["init_lora_weights"] = true,
    };

    private IEnumerable<LinearSite> Sites(IEnumerable<LinearSite> all) => all.Where(s => TargetModules.Contains(s.Module));
}
