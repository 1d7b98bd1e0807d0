using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Methods.PTuning;

/// <summary>P-tuning: virtual-token embeddings passed through a trainable prompt encoder (MLP or bidirectional LSTM, as
/// HF peft's PromptEncoder) and prepended to the encoder's input embeddings (encoder input only, as the original; its
/// setting: LSTM, hidden 128, 2 layers). Saved keys follow peft's module names under <c>prompt_encoder.</c>.</summary>
[PeftMethod("p-tuning", Display = "P-tuning", Paper = "Liu et al., 2021, arXiv:2103.10385")]
[Trainable("prompt_encoder.embedding.weight", Shape = "NumVirtualTokens, DModel")]
[Trainable("prompt_encoder.mlp_head.0", When = nameof(UsesMlp), Shape = "EncoderHiddenSize, DModel")]
[Trainable("prompt_encoder.mlp_head.0.bias", When = nameof(UsesMlp), Shape = "EncoderHiddenSize")]
[Trainable("prompt_encoder.mlp_head.2", When = nameof(UsesMlp), Shape = "EncoderHiddenSize, EncoderHiddenSize")]
[Trainable("prompt_encoder.mlp_head.2.bias", When = nameof(UsesMlp), Shape = "EncoderHiddenSize")]
[Trainable("prompt_encoder.mlp_head.4", When = nameof(UsesMlp), Shape = "DModel, EncoderHiddenSize")]
[Trainable("prompt_encoder.mlp_head.4.bias", When = nameof(UsesMlp), Shape = "DModel")]
[Trainable("prompt_encoder.lstm_head.weight_ih (both directions)", Unless = nameof(UsesMlp), Sites = nameof(LstmLayers), Shape = "2, 4, Out, In")]
[Trainable("prompt_encoder.lstm_head.weight_hh (both directions)", Unless = nameof(UsesMlp), Sites = nameof(LstmLayers), Shape = "2, 4, Out, Out")]
[Trainable("prompt_encoder.lstm_head.bias_ih/hh (both directions)", Unless = nameof(UsesMlp), Sites = nameof(LstmLayers), Shape = "2, 8, Out")]
[Trainable("prompt_encoder.mlp_head.0", Unless = nameof(UsesMlp), Shape = "LstmWidth, LstmWidth")]
[Trainable("prompt_encoder.mlp_head.0.bias", Unless = nameof(UsesMlp), Shape = "LstmWidth")]
[Trainable("prompt_encoder.mlp_head.2", Unless = nameof(UsesMlp), Shape = "DModel, LstmWidth")]
[Trainable("prompt_encoder.mlp_head.2.bias", Unless = nameof(UsesMlp), Shape = "DModel")]
public sealed partial class PTuning : IPeftMethod, IExtendsEncoderInput, IHasEffectiveOptions
{
    /// <summary>encoder_num_layers only with the LSTM encoder.</summary>
    public IReadOnlyDictionary<string, string> EffectiveOptionValues(BackboneDims dims) =>
        GetOptionValues().Where(kv => !UsesMlp || kv.Key != "encoder_num_layers").ToDictionary();

    public int EncoderInputTokens => NumVirtualTokens;

    /// <summary>Virtual tokens prepended to every input.</summary>
    [PeftOption(Default = 20, Min = 1, Max = 4096)]
    public partial int NumVirtualTokens { get; }

    /// <summary>The prompt encoder.</summary>
    [PeftOption(Default = Reparameterization.Lstm)]
    public partial Reparameterization EncoderReparameterizationType { get; }

    /// <summary>Hidden width of the prompt encoder (the budget knob).</summary>
    [PeftOption(Default = 128, Min = 1, Max = 65536), BudgetKnob]
    public partial int EncoderHiddenSize { get; }

    /// <summary>LSTM layers (the MLP always has two hidden layers, as peft).</summary>
    [PeftOption(Default = 2, Min = 1, Max = 8)]
    public partial int EncoderNumLayers { get; }

    private bool UsesMlp => EncoderReparameterizationType == Reparameterization.Mlp;

    /// <summary>Width of the bidirectional LSTM's output (both directions).</summary>
    private int LstmWidth => 2 * EncoderHiddenSize;

    /// <summary>Per LSTM layer: its input width (d_model, then both directions of the layer below) and hidden width.</summary>
    private IEnumerable<LstmLayerShape> LstmLayers(BackboneDims dims) =>
        Enumerable.Range(0, EncoderNumLayers).Select(l => new LstmLayerShape(l == 0 ? dims.DModel : LstmWidth, EncoderHiddenSize));

    public IMethodBank Attach(IBackboneHooks hooks, int users, long seed)
    {
        var bank = new MethodBank(users);
        var generator = new Generator((ulong)seed);
        int d = hooks.Dims.DModel, h = EncoderHiddenSize, p = NumVirtualTokens;
        var embedding = bank.Add(new BankTensor("prompt_encoder.embedding.weight", BankInit.Replicate(users, randn([p, d], generator: generator), hooks.Device), [p, d]));
        var layers = new BankLayers(bank, users, generator, hooks.Device);
        Func<Tensor> encode; // → [U, P, d] for every user of the bank
        if (EncoderReparameterizationType == Reparameterization.Mlp)
        {
            var l0 = layers.Linear("prompt_encoder.mlp_head.0", d, h);
            var l2 = layers.Linear("prompt_encoder.mlp_head.2", h, h);
            var l4 = layers.Linear("prompt_encoder.mlp_head.4", h, d);
            encode = () => BankLayers.Apply(l4, BankLayers.Apply(l2, BankLayers.Apply(l0, embedding.Bank).Relu()).Relu());
        }
        else
        {
            var lstm = Enumerable.Range(0, EncoderNumLayers).Select(layer => (
                Forward: layers.Lstm("prompt_encoder.lstm_head", layer, layer == 0 ? d : 2 * h, h, ""),
                Backward: layers.Lstm("prompt_encoder.lstm_head", layer, layer == 0 ? d : 2 * h, h, "_reverse"))).ToList();
            var m0 = layers.Linear("prompt_encoder.mlp_head.0", 2 * h, 2 * h);
            var m2 = layers.Linear("prompt_encoder.mlp_head.2", 2 * h, d);
            encode = () =>
            {
                var x = embedding.Bank.to(ScalarType.Float32);
                foreach (var (forward, backward) in lstm)
                    x = cat([forward.Run(x, reverse: false), backward.Run(x, reverse: true)], 2);
                return BankLayers.Apply(m2, BankLayers.Apply(m0, x).Relu());
            };
        }
        // The encoder runs over the whole bank (it does not depend on the text), then each row takes its user's prompt.
        bank.Hook(hooks.SetEncoderEmbeddingPrefix((_, context) => encode()[context.UserIndex].to(context.ComputeDtype)));
        return bank;
    }

    public IReadOnlyDictionary<string, object?> AdapterConfig() => new Dictionary<string, object?>
    {
        ["peft_type"] = "P_TUNING",
        ["task_type"] = "SEQ_2_SEQ_LM",
        ["num_virtual_tokens"] = NumVirtualTokens,
        ["encoder_reparameterization_type"] = EncoderReparameterizationType == Reparameterization.Mlp ? "MLP" : "LSTM",
        ["encoder_hidden_size"] = EncoderHiddenSize,
        ["encoder_num_layers"] = EncoderNumLayers,
        ["num_transformer_submodules"] = 1,
    };
}

/// <summary>One LSTM layer's widths, as the sites of its [Trainable] declarations.</summary>
internal sealed record LstmLayerShape(int InFeatures, int OutFeatures);
