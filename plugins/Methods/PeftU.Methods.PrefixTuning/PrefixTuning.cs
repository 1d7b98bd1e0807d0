using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Methods.PrefixTuning;

/// <summary>Prefix tuning: trainable key/value vectors prepended in the chosen attentions. Without projection the table
/// holds them directly (peft's <c>prompt_embeddings</c> [P, sites·2·inner]); with projection a small MLP
/// (d_model → encoder_hidden_size → sites·2·inner, tanh) maps P trainable embeddings to them, as peft.</summary>
[PeftMethod("prefix-tuning", Display = "Prefix tuning", Paper = "Li & Liang, 2021, arXiv:2101.00190")]
[Trainable("prompt_embeddings", Unless = nameof(PrefixProjection), Shape = "NumVirtualTokens, PrefixWidth")]
[Trainable("prompt_embeddings", When = nameof(PrefixProjection), Shape = "NumVirtualTokens, DModel")]
[Trainable("transform.0.weight", When = nameof(PrefixProjection), Shape = "EncoderHiddenSize, DModel")]
[Trainable("transform.0.bias", When = nameof(PrefixProjection), Shape = "EncoderHiddenSize")]
[Trainable("transform.2.weight", When = nameof(PrefixProjection), Shape = "PrefixWidth, EncoderHiddenSize")]
[Trainable("transform.2.bias", When = nameof(PrefixProjection), Shape = "PrefixWidth")]
public sealed partial class PrefixTuning : IPeftMethod, IHasEffectiveOptions
{
    /// <summary>encoder_hidden_size only with prefix_projection.</summary>
    public IReadOnlyDictionary<string, string> EffectiveOptionValues(BackboneDims dims) =>
        GetOptionValues().Where(kv => PrefixProjection || kv.Key != "encoder_hidden_size").ToDictionary();

    /// <summary>Prefix length per attention (the budget knob).</summary>
    [PeftOption(Default = 20, Min = 1, Max = 4096), BudgetKnob]
    public partial int NumVirtualTokens { get; }

    /// <summary>Reparameterise the prefixes through an MLP.</summary>
    [PeftOption(Default = false)]
    public partial bool PrefixProjection { get; }

    /// <summary>Hidden width of the projection MLP.</summary>
    [PeftOption(Default = 512, Min = 1, Max = 65536)]
    public partial int EncoderHiddenSize { get; }

    /// <summary>Which attentions get prefixes.</summary>
    [PeftOption(Default = PrefixPlacement.DecoderSelf)]
    public partial PrefixPlacement Placement { get; }

    /// <summary>Keys and values of every prefixed attention, side by side: sites · 2 · inner.</summary>
    private long PrefixWidth(BackboneDims dims) => Sites(dims) * 2L * dims.Inner;

    public IMethodBank Attach(IBackboneHooks hooks, int users, long seed)
    {
        var bank = new MethodBank(users);
        var generator = new Generator((ulong)seed);
        var sites = hooks.Attentions.Where(Places).ToList();
        var dims = hooks.Dims;
        int p = NumVirtualTokens, width = sites.Count * 2 * dims.Inner;
        Func<Tensor, Tensor> table; // rows → [batch, P, width]
        if (!PrefixProjection)
        {
            var prefixes = bank.Add(new BankTensor("prompt_embeddings", BankInit.Replicate(users, randn([p, width], generator: generator), hooks.Device), [p, width]));
            table = rows => prefixes.Rows(rows);
        }
        else
        {
            int d = dims.DModel, h = EncoderHiddenSize;
            var embeddings = bank.Add(new BankTensor("prompt_embeddings", BankInit.Replicate(users, randn([p, d], generator: generator), hooks.Device), [p, d]));
            var w1 = bank.Add(new BankTensor("transform.0.weight", BankInit.Replicate(users, BankInit.Uniform([h, d], d, generator), hooks.Device), [h, d]));
            var b1 = bank.Add(new BankTensor("transform.0.bias", BankInit.Filled(users, [h], 0, hooks.Device), [h]));
            var w2 = bank.Add(new BankTensor("transform.2.weight", BankInit.Replicate(users, BankInit.Uniform([width, h], h, generator), hooks.Device), [width, h]));
            var b2 = bank.Add(new BankTensor("transform.2.bias", BankInit.Filled(users, [width], 0, hooks.Device), [width]));
            table = rows =>
            {
                var hidden = bmm(embeddings.Rows(rows), w1.Rows(rows).transpose(1, 2)).Plus(b1.Rows(rows).unsqueeze(1)).tanh();
                return bmm(hidden, w2.Rows(rows).transpose(1, 2)).Plus(b2.Rows(rows).unsqueeze(1));
            };
        }
        for (int i = 0; i < sites.Count; i++)
        {
            int offset = i * 2 * dims.Inner;
            bank.Hook(hooks.SetKeyValuePrefix(sites[i], (_, context) =>
            {
                var all = table(context.UserIndex); // [batch, P, width]
                long batch = all.shape[0];
                Tensor Part(int start) => all[.., .., start..(start + dims.Inner)]
                    .reshape(batch, p, dims.NumHeads, dims.DKv).transpose(1, 2).to(context.ComputeDtype);
                return new KeyValuePrefix(Part(offset), Part(offset + dims.Inner));
            }));
        }
        return bank;
    }

    public IReadOnlyDictionary<string, object?> AdapterConfig() => new Dictionary<string, object?>
    {
        ["peft_type"] = "PREFIX_TUNING",
        ["task_type"] = "SEQ_2_SEQ_LM",
        ["num_virtual_tokens"] = NumVirtualTokens,
        ["prefix_projection"] = PrefixProjection,
        ["encoder_hidden_size"] = EncoderHiddenSize,
        ["peftu_placement"] = Placement == PrefixPlacement.All ? "all" : "decoder-self",
    };

    private bool Places(AttentionSite site) => Placement == PrefixPlacement.All || site.Kind == AttentionKind.DecoderSelf;

    private int Sites(BackboneDims dims) =>
        Placement == PrefixPlacement.All ? dims.NumLayers + 2 * dims.NumDecoderLayers : dims.NumDecoderLayers;
}
