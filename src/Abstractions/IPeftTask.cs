using PeftU.Abstractions.Tasks;

namespace PeftU.Abstractions;

/// <summary>A task plugin: its definition, its data (loaded and validated, or generated), prompt building, raw-file
/// preparation and label parsing. Metrics are the framework's (mean per-user accuracy over these predictions).</summary>
public interface IPeftTask : IPeftPlugin
{
    TaskDefinition Definition { get; }

    /// <summary>The task's users and splits. File-backed tasks read <c>&lt;dataDirectory&gt;/user_data_leaked.json</c>
    /// (or the file itself when a file is given) and throw <see cref="DataFormatException"/> listing every problem;
    /// generated tasks ignore it.</summary>
    PersonalizedDataset Load(string? dataDirectory);

    /// <summary>True when <see cref="Prepare"/> can turn this task's raw files into the benchmark format.</summary>
    bool CanPrepare { get; }

    /// <summary>Users and splits made from the task's raw file(s) exactly as the original preprocessing does.</summary>
    PersonalizedDataset Prepare(string rawPath);

    /// <summary>Prompts, targets and gold labels for one user's split.</summary>
    IReadOnlyList<PromptedSample> BuildPrompts(UserData user, SplitName split, PromptOptions options);

    /// <summary>The labels a generated text names, read as leniently as the original.</summary>
    IReadOnlyList<string> ParseGenerated(string generated);
}
