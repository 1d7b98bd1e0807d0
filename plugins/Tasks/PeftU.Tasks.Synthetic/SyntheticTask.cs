using PeftU.Abstractions;
using PeftU.Abstractions.Tasks;
using PeftU.Data.Evaluation;
using PeftU.Data.Prompts;

namespace PeftU.Tasks.Synthetic;

/// <summary>A seeded, personalized classification task: users label a shared pool of short texts by hidden
/// preference rules, so one shared model cannot serve everyone. The embedded default: no files needed.</summary>
[PeftTask("synthetic", Display = "Synthetic personalized")]
public sealed partial class SyntheticTask : IPeftTask
{
    /// <summary>Number of annotators (users); from 4 on the majority label is right for at most 60% of labels.</summary>
    [PeftOption(Default = 32, Min = 4, Max = 100000)]
    public partial int Users { get; }

    /// <summary>Texts in the shared pool, labelled by every user (train + val + test per user).</summary>
    [PeftOption(Default = 60, Min = 10, Max = 800)]
    public partial int TextsPerUser { get; }

    /// <summary>Size of the label set.</summary>
    [PeftOption(Default = 3, Min = 2, Max = 8)]
    public partial int Labels { get; }

    /// <summary>Probability that a user's label departs from their own rule.</summary>
    [PeftOption(Default = 0.0, Min = 0.0, Max = 0.5)]
    public partial double Noise { get; }

    /// <summary>Seed of the generator; the same seed gives the same data on every machine.</summary>
    [PeftOption(Default = 42)]
    public partial int Seed { get; }

    /// <summary>task: the task's texts; pretraining: the bundled backbone's pre-training corpus (same topics and rules,
    /// other sentence frames: no text in common with the task).</summary>
    [PeftOption(Default = SyntheticCorpus.Task)]
    public partial SyntheticCorpus Corpus { get; }

    public TaskDefinition Definition => SyntheticGenerator.Definition(Labels);

    /// <summary>Generates the data; <paramref name="dataDirectory"/> is not used.</summary>
    public PersonalizedDataset Load(string? dataDirectory) => SyntheticGenerator.Generate(Users, TextsPerUser, Labels, Noise, Seed, Corpus);

    public bool CanPrepare => false;

    public PersonalizedDataset Prepare(string rawPath) =>
        throw new TaskDataException("task 'synthetic' is generated from its options; it has no raw files to prepare.");

    public IReadOnlyList<PromptedSample> BuildPrompts(UserData user, SplitName split, PromptOptions options) =>
        PromptBuilder.Build(user, split, Definition.Instruction, options.Faithful, options.Shots);

    public IReadOnlyList<string> ParseGenerated(string generated) => LabelParser.Parse(generated, Definition.Labels);
}
