using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Methods.Adapters;

/// <summary>What Houlsby and Pfeiffer adapters share: a residual bottleneck <c>h + up(act(down(h)))</c> on chosen
/// sublayer outputs (before the block's residual add). By default the up-projection starts at zero, so a fresh adapter is the
/// identity (AdapterHub initialises it near zero). Saved names: <c>base_model.model.&lt;sublayer&gt;.adapter.{down,up}.{weight,bias}</c>.</summary>
public abstract class BottleneckAdapter
{
    protected abstract int ReductionFactorValue { get; }

    protected abstract int BottleneckSizeValue { get; }

    protected abstract NonLinearity Activation { get; }

    protected abstract AdapterInit Init { get; }

    /// <summary>Which sublayers get an adapter.</summary>
    protected abstract bool Adapts(SublayerSite site);

    /// <summary>True when the adapter reads the block's stream after the (feed-forward, last) sublayer's residual add
    /// instead of the sublayer's output.</summary>
    protected virtual bool ReadsResidualStream => false;

    /// <summary>AdapterHub's architecture name (houlsby, pfeiffer).</summary>
    protected abstract string Architecture { get; }

    public IReadOnlyDictionary<string, object?> AdapterConfig() => new Dictionary<string, object?>
    {
        ["peft_type"] = "BOTTLENECK_ADAPTER",
        ["architecture"] = Architecture,
        ["reduction_factor"] = ReductionFactorValue,
        ["bottleneck_size"] = BottleneckSizeValue,
        ["non_linearity"] = Activation.ToString().ToLowerInvariant(),
        ["init_weights"] = Init == AdapterInit.Bert ? "bert" : "peftu_identity",
    };

    public int Bottleneck(BackboneDims dims) => BottleneckSizeValue > 0 ? BottleneckSizeValue : Math.Max(1, dims.DModel / ReductionFactorValue);

    /// <summary>The bottleneck width that takes effect as bottleneck_size; reduction_factor, a way of choosing it, left out.</summary>
    public IReadOnlyDictionary<string, string> EffectiveOptionValues(BackboneDims dims)
    {
        var values = new Dictionary<string, string>(((IPeftPlugin)this).GetOptionValues());
        values.Remove("reduction_factor");
        values["bottleneck_size"] = Bottleneck(dims).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return values;
    }

    public IMethodBank Attach(IBackboneHooks hooks, int users, long seed)
    {
        var bank = new MethodBank(users);
        var generator = new Generator((ulong)seed);
        int d = hooks.Dims.DModel, b = Bottleneck(hooks.Dims);
        foreach (var site in Sites(hooks.Dims))
        {
            string name = $"base_model.model.{site.Name}.adapter";
            bool bert = Init == AdapterInit.Bert;
            var downWeight = bank.Add(new BankTensor($"{name}.down.weight",
                BankInit.Replicate(users, bert ? Normal([b, d], generator) : BankInit.Uniform([b, d], d, generator), hooks.Device), [b, d]));
            var downBias = bank.Add(new BankTensor($"{name}.down.bias", BankInit.Filled(users, [b], 0, hooks.Device), [b]));
            var upWeight = bank.Add(new BankTensor($"{name}.up.weight",
                bert ? BankInit.Replicate(users, Normal([d, b], generator), hooks.Device) : BankInit.Filled(users, [d, b], 0, hooks.Device), [d, b]));
            var upBias = bank.Add(new BankTensor($"{name}.up.bias", BankInit.Filled(users, [d], 0, hooks.Device), [d]));
            Tensor Adapt(Tensor h, HookContext context)
            {
                var rows = context.UserIndex;
                var x = h.to(ScalarType.Float32);
                var down = bmm(x, downWeight.Rows(rows).transpose(1, 2)).Plus(downBias.Rows(rows).unsqueeze(1));
                var up = bmm(Activate(down), upWeight.Rows(rows).transpose(1, 2)).Plus(upBias.Rows(rows).unsqueeze(1));
                return h.Plus(up.to(h.dtype));
            }
            if (ReadsResidualStream)
            {
                // The feed-forward is a block's last sublayer, so the stream after its residual add is the block's output.
                var block = hooks.Blocks.Single(b => b.Stack == site.Stack && b.Layer == site.Layer);
                bank.Hook(hooks.AddBlockOutput(block, (_, h, context) => Adapt(h, context)));
            }
            else
            {
                bank.Hook(hooks.AddSublayerOutput(site, (_, h, context) => Adapt(h, context)));
            }
        }
        return bank;
    }

    /// <summary>BERT's initializer_range as AdapterHub's bert init uses it: normal(0, 0.02).</summary>
    private static Tensor Normal(long[] shape, Generator generator) => randn(shape, generator: generator) * TorchScalars.Of(0.02);

    /// <summary>The adapted sublayers (the [Trainable] declarations' sites).</summary>
    protected IEnumerable<SublayerSite> Sites(BackboneDims dims) => BackboneSites.Sublayers(dims).Where(Adapts);

    private Tensor Activate(Tensor x) => Activation switch
    {
        NonLinearity.Relu => x.Relu(),  // threshold(x, 0, 0): also runs on the meta device
        NonLinearity.Swish => nn.functional.silu(x),
        NonLinearity.Gelu => nn.functional.gelu(x),
        _ => x.tanh(),
    };
}
