using PeftU.Abstractions.Tasks;
using PeftU.Testing;
using PeftU.Tasks.PeftU;

namespace PeftU.Tasks.Tests;

public sealed class PeftUTaskTests
{
    private static string Synthetic(string file) => Path.Combine(RepoPaths.Fixtures, "peft-u-synthetic", file);

    [Fact]
    public void All_thirteen_tasks_carry_their_label_sets_and_instructions()
    {
        var tasks = new IPeftTaskLike[]
        {
            new(new HatexplainTask()), new(new GabHateTask()), new(new MeasuringHateSpeechTask()), new(new TweetEvalTask()),
            new(new UnhealthyConversationsTask()), new(new WikiDetoxTask()), new(new GoEmotionTask()), new(new StudEmoTask()),
            new(new CockamamieTask()), new(new EpicTask()), new(new SubjectiveDiscourseResponseTask()),
            new(new SubjectiveDiscourseQuestionSentimentTask()), new(new SubjectiveDiscourseResponseSentimentTask()),
        };
        Assert.Equal(13, tasks.Select(t => t.Definition.Id).Distinct().Count());
        Assert.All(tasks, t => Assert.Equal(t.Id, t.Definition.Id));
        Assert.All(tasks, t => Assert.NotEmpty(t.Definition.Instruction));
        Assert.Equal(["Hateful", "Non-hateful"], new TweetEvalTask().Definition.Labels);
        Assert.True(new GoEmotionTask().Definition.MultiLabel);
        Assert.Equal(10, new StudEmoTask().Definition.Labels.Count);
    }

    [Fact]
    public void Tweeteval_prepares_raw_annotations_and_loads_them_back_with_validation()
    {
        var task = new TweetEvalTask();
        Assert.True(task.CanPrepare);
        var prepared = task.Prepare(Synthetic("annotations.csv"));
        var loaded = task.Load(Synthetic("user_data_leaked.json"));
        Assert.Equal(prepared.Users.Select(u => u.UserId), loaded.Users.Select(u => u.UserId));
        Assert.Throws<DataFormatException>(() => new GabHateTask().Load(Path.Combine(RepoPaths.Fixtures, "missing-dir")));
    }

    [Fact]
    public void A_task_without_a_preparer_says_so()
    {
        var error = Assert.Throws<TaskDataException>(() => new EpicTask().Prepare("raw.csv"));
        Assert.Contains("'epic' has no raw-file preparer", error.Message);
    }

    private sealed record IPeftTaskLike(global::PeftU.Abstractions.IPeftTask Task)
    {
        public TaskDefinition Definition => Task.Definition;

        public string Id => Task.Descriptor.Id;
    }
}
