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

    /// <summary>What each preparer writes passes the task's own validation (its label set) when loaded back.</summary>
    [Theory]
    [InlineData("cockamamie")]
    [InlineData("epic")]
    [InlineData("gabhate")]
    [InlineData("goemotion")]
    [InlineData("hatexplain")]
    [InlineData("measuringhatespeech")]
    [InlineData("unhealthyconversations")]
    [InlineData("wikidetox")]
    public void Prepared_raw_folders_load_back_under_the_tasks_label_set(string id)
    {
        var task = AllTasks().Single(t => t.Descriptor.Id == id);
        Assert.True(task.CanPrepare);
        var prepared = task.Prepare(Path.Combine(RepoPaths.Fixtures, "peft-u-prepare", id));
        string file = Path.Combine(Path.GetTempPath(), $"peftu-{id}-{Guid.NewGuid():N}.json");
        try
        {
            global::PeftU.Data.Format.UserDataWriter.Write(file, prepared);
            var loaded = task.Load(file);
            Assert.Equal(prepared.Users.Select(u => (u.UserId, u.Count)), loaded.Users.Select(u => (u.UserId, u.Count)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Every_peft_u_task_has_a_preparer()
    {
        Assert.All(AllTasks(), t => Assert.True(t.CanPrepare, t.Descriptor.Id));
        var error = Assert.Throws<DataFormatException>(() => new EpicTask().Prepare(Path.Combine(RepoPaths.Fixtures, "missing-dir")));
        Assert.Contains("EPICorpus.csv", error.Message);
    }

    private static global::PeftU.Abstractions.IPeftTask[] AllTasks() =>
    [
        new HatexplainTask(), new GabHateTask(), new MeasuringHateSpeechTask(), new TweetEvalTask(), new UnhealthyConversationsTask(),
        new WikiDetoxTask(), new GoEmotionTask(), new StudEmoTask(), new CockamamieTask(), new EpicTask(),
        new SubjectiveDiscourseResponseTask(), new SubjectiveDiscourseQuestionSentimentTask(), new SubjectiveDiscourseResponseSentimentTask(),
    ];

    private sealed record IPeftTaskLike(global::PeftU.Abstractions.IPeftTask Task)
    {
        public TaskDefinition Definition => Task.Definition;

        public string Id => Task.Descriptor.Id;
    }
}
