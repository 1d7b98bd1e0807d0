namespace PeftU.Core.Experiments;

/// <summary>A validated experiment file (DESIGN §5: YAML → ExperimentSpec → plan). Defaults are the PEFT-U protocol.</summary>
public sealed record ExperimentSpec(
    string File,
    BackboneSpec Backbone,
    IReadOnlyList<PluginSpec> Tasks,
    IReadOnlyList<PluginSpec> Methods,
    TrainingSpec Training,
    EvaluationSpec Evaluation,
    BudgetSpec? Budget,
    string Output);

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
/// own training settings (the training section with the method's keys over it; null when it has none).</summary>
public sealed record PluginSpec(string Id, IReadOnlyDictionary<string, object?> Options, string? Data, SpecPosition Position,
    IReadOnlyDictionary<string, SpecPosition> OptionPositions, TrainingSpec? Training = null);

/// <summary>The original protocol: AdamW lr 2e-5, weight decay 0.01, batch 8, 8 epochs, 10% warm-up, seed 42; bank size 1
/// is the sequential, paper-faithful mode. Dropout on while training, as HF Trainer; off makes training deterministic.
/// PadTo 0 pads each batch to its longest input; 512 pads every input to 512 as the original's tokenizer call (same
/// results up to float rounding, far more work — for faithful-cost comparisons).</summary>
public sealed record TrainingSpec(int Epochs = 8, double Lr = 2e-5, double WeightDecay = 0.01, int Batch = 8, double WarmupRatio = 0.1,
    int Seed = 42, int BankSize = 1, bool Dropout = true, int PadTo = 0);

/// <summary>Evaluation by label scoring (default) or greedy generation with lenient parsing (the original).</summary>
public sealed record EvaluationSpec(string Mode = "score", int MaxNewTokens = 16, int Shots = 0, int PadTo = 0);

/// <summary>Equal-budget enforcement: solve each method's knob for <see cref="Params"/>, or check and refuse.</summary>
public sealed record BudgetSpec(long Params, double Tolerance, string Mode, SpecPosition Position);

/// <summary>Where a node starts in the file (1-based).</summary>
public readonly record struct SpecPosition(int Line, int Column);
