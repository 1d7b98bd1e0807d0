using PeftU.Abstractions.Tasks;
using PeftU.Data.Evaluation;
using PeftU.Data.Format;
using PeftU.Data.Prompts;
using PeftU.Data.Raw;
using PeftU.Data.Splits;

namespace PeftU.Tasks.PeftU;

/// <summary>What every PEFT-U task shares: data in <c>user_data_leaked.json</c>, the original's prompts and lenient
/// parsing. A task adds its id; its raw-file preparer, if any, is the one <see cref="RawSources"/> lists for it.</summary>
public abstract class PeftUTask(string id)
{
    public const string DataFile = "user_data_leaked.json";

    public TaskDefinition Definition { get; } = TaskCatalog.Get(id);

    public PersonalizedDataset Load(string? dataDirectory)
    {
        if (string.IsNullOrEmpty(dataDirectory))
            throw new TaskDataException($"task '{Definition.Id}' needs a data folder holding {DataFile} (e.g. data/{Definition.Id}).");
        string path = File.Exists(dataDirectory) ? dataDirectory : Path.Combine(dataDirectory, DataFile);
        return UserDataReader.Read(path, Definition.Labels);
    }

    public bool CanPrepare => RawSources.Find(Definition.Id) is not null;

    /// <summary>The task's raw folder (laid out as the original repository's <c>data/&lt;task&gt;/</c>) or its file, read
    /// as the original's <c>prepare_&lt;task&gt;.py</c> does, then split as the original.</summary>
    public PersonalizedDataset Prepare(string rawPath) =>
        RawSources.Find(Definition.Id) is { } source
            ? PeftUSplitter.Split(source.Read(rawPath))
            : throw new TaskDataException($"task '{Definition.Id}' has no raw-file preparer (tasks with one: {string.Join(", ", RawSources.All.Select(s => s.Task))}); use its {DataFile}.");

    public IReadOnlyList<PromptedSample> BuildPrompts(UserData user, SplitName split, PromptOptions options) =>
        PromptBuilder.Build(user, split, Definition.Instruction, options.Faithful, options.Shots);

    public IReadOnlyList<string> ParseGenerated(string generated) => LabelParser.Parse(generated, Definition.Labels);
}
