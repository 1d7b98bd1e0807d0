using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Methods.IA3;

/// <summary>(IA)³: learned per-feature scaling, initialised to ones. On attention projections (k, v) the output is
/// scaled; on feed-forward modules (wo) the input is — HF peft's semantics and tensor names (<c>ia3_l</c>: [out, 1] or
/// [1, in]).</summary>
[PeftMethod("ia3", Display = "IA3", Paper = "Liu et al., 2022, arXiv:2205.05638")]
[Trainable("ia3_l", Sites = nameof(OutputScaled), Shape = "Out")]
[Trainable("ia3_l (feed-forward)", Sites = nameof(InputScaled), Shape = "In")]
public sealed partial class IA3 : IPeftMethod
{
    /// <summary>Projections to scale.</summary>
    [PeftOption(Default = new[] { "k", "v", "wo" }, OneOf = new[] { "q", "k", "v", "o", "wi", "wi_0", "wi_1", "wo" })]
    public partial string[] TargetModules { get; }

    /// <summary>Which targets are feed-forward modules (their input is scaled, not their output).</summary>
    [PeftOption(Default = new[] { "wo" }, OneOf = new[] { "q", "k", "v", "o", "wi", "wi_0", "wi_1", "wo" })]
    public partial string[] FeedforwardModules { get; }

    private IEnumerable<LinearSite> OutputScaled(BackboneDims dims) => Sites(BackboneSites.Linears(dims)).Where(s => !IsFeedForward(s));

    private IEnumerable<LinearSite> InputScaled(BackboneDims dims) => Sites(BackboneSites.Linears(dims)).Where(IsFeedForward);

    public IMethodBank Attach(IBackboneHooks hooks, int users, long seed)
    {
        var bank = new MethodBank(users);
        foreach (var site in Sites(hooks.Linears))
        {
            string name = $"base_model.model.{site.Name}.ia3_l";
            if (IsFeedForward(site))
            {
                var scale = bank.Add(new BankTensor(name, BankInit.Filled(users, [site.InFeatures], 1, hooks.Device), [1, site.InFeatures]));
                bank.Hook(hooks.AddLinearInput(site, (_, x, context) => x * Rows(scale, context).unsqueeze(1)));
            }
            else
            {
                var scale = bank.Add(new BankTensor(name, BankInit.Filled(users, [site.OutFeatures], 1, hooks.Device), [site.OutFeatures, 1]));
                bank.Hook(hooks.AddLinearOutput(site, (_, _, y, context) => y * Rows(scale, context).unsqueeze(1)));
            }
        }
        return bank;
    }

    public IReadOnlyDictionary<string, object?> AdapterConfig() => new Dictionary<string, object?>
    {
        ["peft_type"] = "IA3",
        ["task_type"] = "SEQ_2_SEQ_LM",
        ["target_modules"] = TargetModules,
        ["feedforward_modules"] = FeedforwardModules,
        ["fan_in_fan_out"] = false,
        ["init_ia3_weights"] = true,
    };

    private bool IsFeedForward(LinearSite site) => FeedforwardModules.Contains(site.Module);

    private IEnumerable<LinearSite> Sites(IEnumerable<LinearSite> all) => all.Where(s => TargetModules.Contains(s.Module));

    private static Tensor Rows(BankTensor scale, HookContext context) => scale.Rows(context.UserIndex).to(context.ComputeDtype);
}
