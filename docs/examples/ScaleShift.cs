// The worked example of docs/writing-a-method.md. It is compiled and tested by tests/PeftU.Methods.Tests
// (MethodBehaviourTests, id "scale-shift": exact count, identity at init, training moves only its bank, a bank of 3 = 3
// separate modules), so the guide cannot drift from what works.
using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Methods.ScaleShift;

/// <summary>Learned per-feature scale and shift of every feed-forward sublayer's output: h·(1 + s) + b, s and b
/// initialised to zero so a fresh module is the identity.</summary>
[PeftMethod("scale-shift", Display = "Scale & shift", Paper = "docs/writing-a-method.md example")]
[Trainable("scale", Sites = nameof(AdaptedSublayers), Shape = "DModel")]
[Trainable("shift", Sites = nameof(AdaptedSublayers), Shape = "DModel")]
public sealed partial class ScaleShift : IPeftMethod
{
    /// <summary>Also adapt the attention sublayers' outputs.</summary>
    [PeftOption(Default = false)]
    public partial bool IncludeAttention { get; }

    // The generator turns the [Trainable] lines into TrainableParameters(dims): Σ sites DModel, twice.
    private IEnumerable<SublayerSite> AdaptedSublayers(BackboneDims dims) =>
        BackboneSites.Sublayers(dims).Where(s => IncludeAttention || s.Kind == SublayerKind.FeedForward);

    public IMethodBank Attach(IBackboneHooks hooks, int users, long seed)
    {
        var bank = new MethodBank(users);
        int d = hooks.Dims.DModel;
        foreach (var site in AdaptedSublayers(hooks.Dims))
        {
            var scale = bank.Add(new BankTensor($"base_model.model.{site.Name}.scale", BankInit.Filled(users, [d], 0, hooks.Device), [d]));
            var shift = bank.Add(new BankTensor($"base_model.model.{site.Name}.shift", BankInit.Filled(users, [d], 0, hooks.Device), [d]));
            bank.Hook(hooks.AddSublayerOutput(site, (_, h, context) =>
            {
                var s = scale.Rows(context.UserIndex).unsqueeze(1); // [batch, 1, d]: each row its user's
                var b = shift.Rows(context.UserIndex).unsqueeze(1);
                // Constants through TorchScalars and additions through Plus: TorchSharp's temporary Scalars can be
                // freed mid-call by a collection (docs/architecture.md §4).
                return (h.to(ScalarType.Float32) * s.add(TorchScalars.Of(1), TorchScalars.One)).Plus(b).to(h.dtype);
            }));
        }
        return bank;
    }

    public IReadOnlyDictionary<string, object?> AdapterConfig() => new Dictionary<string, object?>
    {
        ["peft_type"] = "SCALE_SHIFT",
        ["include_attention"] = IncludeAttention,
    };
}
