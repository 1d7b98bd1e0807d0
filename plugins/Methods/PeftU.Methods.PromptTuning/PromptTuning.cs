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
public sealed partial class PromptTuning : IPeftMethod
{
    /// <summary>Virtual tokens prepended to every input (the budget knob).</summary>
    [PeftOption(Default = 20, Min = 1, Max = 4096), BudgetKnob]
    public partial int NumVirtualTokens { get; }

    /// <summary>Initial values of the virtual tokens.</summary>
    [PeftOption(Default = PromptInit.Random)]
    public partial PromptInit PromptInit { get; }

    public IMethodBank Attach(IBackboneHooks hooks, int users, long seed)
    {
        var bank = new MethodBank(users);
        var generator = new Generator((ulong)seed);
        int d = hooks.Dims.DModel;
        Tensor initial = PromptInit == PromptInit.Random
            ? randn([NumVirtualTokens, d], generator: generator)
            : hooks.SharedEmbedding.detach().to(ScalarType.Float32)
                .index_select(0, randint(0, Math.Min(hooks.Dims.VocabSize, 5000), [NumVirtualTokens], generator: generator));
        var prompts = bank.Add(new BankTensor("prompt_embeddings", new Parameter(initial.unsqueeze(0).repeat(users, 1, 1)), [NumVirtualTokens, d]));
        initial.Dispose();
        bank.Hook(hooks.SetEncoderEmbeddingPrefix((_, context) => prompts.Bank.index_select(0, context.UserIndex).to(context.ComputeDtype)));
        return bank;
    }

    public IReadOnlyDictionary<string, object?> AdapterConfig() => new Dictionary<string, object?>
    {
        ["peft_type"] = "PROMPT_TUNING",
        ["task_type"] = "SEQ_2_SEQ_LM",
        ["num_virtual_tokens"] = NumVirtualTokens,
        ["prompt_tuning_init"] = PromptInit == PromptInit.Random ? "RANDOM" : "VOCAB",
        ["num_transformer_submodules"] = 1,
    };
}
