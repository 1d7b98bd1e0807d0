namespace PeftU.Core.Experiments;

/// <summary>A validated experiment file (docs/architecture.md §2: YAML → ExperimentSpec → plan). Defaults are the PEFT-U protocol.</summary>
public sealed record ExperimentSpec(
    string File,
    BackboneSpec Backbone,
    IReadOnlyList<PluginSpec> Tasks,
    IReadOnlyList<PluginSpec> Methods,
    TrainingSpec Training,
    EvaluationSpec Evaluation,
    BudgetSpec? Budget,
    string Output,
    PromptsSpec? Prompts = null)
{
    /// <summary>The prompts section (its defaults when the file has none).</summary>
    public PromptsSpec PromptSettings => Prompts ?? new PromptsSpec();
}

/// <summary>Where the frozen backbone comes from and how it runs.</summary>
public sealed record BackboneSpec(string Path, string Dtype, string Device, int? Threads, SpecPosition Position)
{
    public Backbone.BackboneDtype DtypeKind => Dtype switch
    {
        "fp32" => Backbone.BackboneDtype.Fp32,
        "bf16" => Backbone.BackboneDtype.Bf16,
        _ => Backbone.BackboneDtype.Auto,
    };
}

/// <summary>A task or method by id, its options (YAML values) with their positions, a task's data folder, and a method's
/// own training and evaluation settings (the section with the method's keys over it; null when it has none).</summary>
public sealed record PluginSpec(string Id, IReadOnlyDictionary<string, object?> Options, string? Data, SpecPosition Position,
    IReadOnlyDictionary<string, SpecPosition> OptionPositions, TrainingSpec? Training = null, EvaluationSpec? Evaluation = null);

/// <summary>The original protocol: AdamW lr 2e-5, weight decay 0.01, batch 8, 8 epochs, 10% warm-up, seed 42; bank size 1
/// is the sequential, paper-faithful mode. Dropout on while training, as HF Trainer; off makes training deterministic.
/// PadTo 0 pads each batch to its longest input; 512 pads every input to 512 as the original's tokenizer call (same
/// results up to float rounding, far more work — for faithful-cost comparisons). The original has two code paths whose
/// differences are settings here (docs: experiments/README.md): <see cref="MaxGradNorm"/> (0 = no clipping, the peft
/// path), <see cref="WarmupRounding"/> (ceil as HF Trainer, floor as the peft path's int()), <see cref="DecayBias"/>
/// (the peft path decays every tensor, HF Trainer skips biases) and <see cref="ValLoss"/> (token_mean over all targets;
/// batch_mean: the mean of each validation batch's mean, the peft path; batch_mean_by_size: weighted by batch size, HF
/// Trainer).</summary>
public sealed record TrainingSpec(int Epochs = 8, double Lr = 2e-5, double WeightDecay = 0.01, int Batch = 8, double WarmupRatio = 0.1,
    int Seed = 42, int BankSize = 1, bool Dropout = true, int PadTo = 0, double MaxGradNorm = 1.0, string WarmupRounding = "ceil",
    bool DecayBias = false, string ValLoss = "token_mean")
{
    /// <summary>Every setting by its YAML key, in the schema's order: the one list the plan (Markdown and JSON) and the
    /// run signature read, so a new key cannot be shown but left out of the signature, or the reverse.</summary>
    public IReadOnlyList<(string Key, object Value)> Values =>
    [
        ("epochs", Epochs), ("lr", Lr), ("weight_decay", WeightDecay), ("batch", Batch), ("warmup_ratio", WarmupRatio),
        ("seed", Seed), ("bank_size", BankSize), ("pad_to", PadTo), ("dropout", Dropout), ("max_grad_norm", MaxGradNorm),
        ("warmup_rounding", WarmupRounding), ("decay_bias", DecayBias), ("val_loss", ValLoss),
    ];
}

/// <summary>The prompts every input of a cell gets — training, validation and test alike, as the original builds them
/// (<c>load_dataset_with_prompts</c>): up to <see cref="Shots"/> demos from the user's own train split (the original: 3;
/// 0 = the bare query), faithful sampling (the original's quirks, see PromptBuilder) or fixed, and inputs cut to
/// <see cref="MaxInputTokens"/> tokens from the right as the original's <c>truncation=True</c> at 512 (a long demo prompt
/// loses its own query; each cell reports how many were cut). Frozen methods keep their own shots (zero-/few-shot).</summary>
public sealed record PromptsSpec(int Shots = 3, int MaxInputTokens = 512, bool Faithful = true);

/// <summary>Evaluation by label scoring (default) or greedy generation with lenient parsing (the original).</summary>
public sealed record EvaluationSpec(string Mode = "score", int MaxNewTokens = 16, int PadTo = 0);

/// <summary>Equal-budget enforcement: solve each method's knob for <see cref="Params"/>, or check and refuse.</summary>
public sealed record BudgetSpec(long Params, double Tolerance, string Mode, SpecPosition Position);

/// <summary>Where a node starts in the file (1-based).</summary>
public readonly record struct SpecPosition(int Line, int Column);
