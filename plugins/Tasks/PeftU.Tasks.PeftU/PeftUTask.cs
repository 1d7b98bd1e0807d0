using PeftU.Abstractions.Tasks;
using PeftU.Data.Evaluation;
using PeftU.Data.Format;
using PeftU.Data.Prompts;

namespace PeftU.Tasks.PeftU;

/// <summary>What every PEFT-U task shares: data in <c>user_data_leaked.json</c>, the original's prompts and lenient
/// parsing. A task adds its id (and a preparer where raw files are supported).</summary>
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

    public virtual bool CanPrepare => false;

    public virtual PersonalizedDataset Prepare(string rawPath) =>
        throw new TaskDataException($"task '{Definition.Id}' has no raw-file preparer (tasks with one: tweeteval, studemo, subjectivediscourse_*); use its {DataFile}.");

    public IReadOnlyList<PromptedSample> BuildPrompts(UserData user, SplitName split, PromptOptions options) =>
        PromptBuilder.Build(user, split, Definition.Instruction, options.Faithful, options.Shots);

    public IReadOnlyList<string> ParseGenerated(string generated) => LabelParser.Parse(generated, Definition.Labels);
}
