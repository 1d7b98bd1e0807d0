using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Methods.PromptTuning;

/// <summary>Prompt tuning: trainable virtual-token embeddings prepended to the encoder's input embeddings (encoder input
/// only, as the original). Saved as peft's <c>prompt_embeddings</c> [num_virtual_tokens, d_model]. peft reports twice
/// this count on encoder-decoder models (it sizes the table for two transformer submodules); reports give both.</summary>
[PeftMethod("prompt-tuning", Display = "Prompt tuning", Paper = "Lester et al., 2021, arXiv:2104.08691")]
[Trainable("prompt_embeddings", Shape = "NumVirtualTokens, DModel")]
public sealed partial class PromptTuning : IPeftMethod, IExtendsEncoderInput, IChecksOptions, IHasEffectiveOptions
{
    /// <summary>prompt_init_text only with prompt_init=text.</summary>
    public IReadOnlyDictionary<string, string> EffectiveOptionValues(BackboneDims dims) =>
        GetOptionValues().Where(kv => PromptInit == PromptInit.Text || kv.Key != "prompt_init_text").ToDictionary();

    public IReadOnlyList<OptionError> OptionProblems() => PromptInit == PromptInit.Text && PromptInitText.Trim().Length == 0
        ? [new OptionError("prompt_init_text", "", "prompt_init=text needs a non-empty prompt_init_text")]
        : [];

    public int EncoderInputTokens => NumVirtualTokens;

    /// <summary>Virtual tokens prepended to every input (the budget knob).</summary>
    [PeftOption(Default = 20, Min = 1, Max = 4096), BudgetKnob]
    public partial int NumVirtualTokens { get; }

    /// <summary>Initial values of the virtual tokens.</summary>
    [PeftOption(Default = PromptInit.Random)]
    public partial PromptInit PromptInit { get; }

    /// <summary>With prompt_init=text: the text whose token embeddings (repeated or cut to num_virtual_tokens) start the prompt.</summary>
    [PeftOption(Default = "")]
    public partial string PromptInitText { get; }

    public IMethodBank Attach(IBackboneHooks hooks, int users, long seed)
    {
        var bank = new MethodBank(users);
        var generator = new Generator((ulong)seed);
        int d = hooks.Dims.DModel;
        Tensor initial = PromptInit switch
        {
            PromptInit.Random => randn([NumVirtualTokens, d], generator: generator),
            PromptInit.Vocab => Embeddings(hooks, randint(0, Math.Min(hooks.Dims.VocabSize, 5000), [NumVirtualTokens], generator: generator)),
            _ => Embeddings(hooks, tensor(TextTokens(hooks).Select(id => (long)id).ToArray())),
        };
        var prompts = bank.Add(new BankTensor("prompt_embeddings", BankInit.Replicate(users, initial, hooks.Device), [NumVirtualTokens, d]));
        bank.Hook(hooks.SetEncoderEmbeddingPrefix((_, context) => prompts.Rows(context.UserIndex).to(context.ComputeDtype)));
        return bank;
    }

    public IReadOnlyDictionary<string, object?> AdapterConfig() => new Dictionary<string, object?>
    {
        ["peft_type"] = "PROMPT_TUNING",
        ["task_type"] = "SEQ_2_SEQ_LM",
        ["num_virtual_tokens"] = NumVirtualTokens,
        ["prompt_tuning_init"] = PromptInit.ToString().ToUpperInvariant(),
        ["prompt_tuning_init_text"] = PromptInit == PromptInit.Text ? PromptInitText : null,
        ["num_transformer_submodules"] = 1,
    };

    /// <summary>peft TEXT init: the text's ids repeated until there are num_virtual_tokens, then cut.</summary>
    private int[] TextTokens(IBackboneHooks hooks)
    {
        if (OptionProblems() is { Count: > 0 } problems)
            throw new PluginOptionException("prompt-tuning", problems);
        var ids = hooks.Tokenize(PromptInitText);
        return Enumerable.Range(0, NumVirtualTokens).Select(i => ids[i % ids.Length]).ToArray();
    }

    private static Tensor Embeddings(IBackboneHooks hooks, Tensor ids) =>
        hooks.SharedEmbedding.detach().to(ScalarType.Float32)[ids.to(hooks.SharedEmbedding.device)];
}
