using PeftU.Abstractions.Tasks;
using PeftU.Tasks.Synthetic;

namespace PeftU.Tasks.Tests;

public sealed class SyntheticTaskTests
{
    [Fact]
    public void Same_options_give_the_same_data_and_another_seed_different_data()
    {
        var a = SyntheticGenerator.Generate(16, 60, 3, 0.0, 42);
        var b = SyntheticGenerator.Generate(16, 60, 3, 0.0, 42);
        var c = SyntheticGenerator.Generate(16, 60, 3, 0.0, 7);
        Assert.Equal(Flatten(a), Flatten(b));
        Assert.NotEqual(Flatten(a), Flatten(c));
    }

    [Theory]
    [InlineData(32, 3)]
    [InlineData(10, 2)]
    [InlineData(40, 5)]
    public void Each_user_follows_their_own_rule_and_the_majority_label_is_right_at_most_65_percent(int users, int labels)
    {
        var data = SyntheticGenerator.Generate(users, 60, labels, 0.0, 42);
        Assert.Equal(users, data.Users.Count);
        Assert.All(data.Users, u => Assert.Equal(60, u.Count));

        // Own rule: within a user, a topic word always gets the same label (100% consistent).
        foreach (var user in data.Users)
        {
            foreach (var group in user.All.GroupBy(s => Topic(s.Text)))
                Assert.Single(group.Select(s => s.Labels[0]).Distinct());
        }

        // Majority over users is right for at most 65% of (user, text) pairs: one shared model cannot serve everyone.
        var byText = data.Users.SelectMany(u => u.All.Select(s => (u.UserId, s.Id, Label: s.Labels[0]))).GroupBy(x => x.Id).ToList();
        int agree = byText.Sum(g => g.Count(x => x.Label == g.GroupBy(y => y.Label).OrderByDescending(l => l.Count()).First().Key));
        double majority = agree / (double)byText.Sum(g => g.Count());
        Assert.True(majority <= 0.65, $"majority label right {majority:P1} of the time");
    }

    [Fact]
    public void The_pretraining_corpus_has_other_texts_with_the_same_topics_and_rules()
    {
        var task = SyntheticGenerator.Generate(8, 800, 3, 0.0, 42);
        var corpus = SyntheticGenerator.Generate(8, 800, 3, 0.0, 42, SyntheticCorpus.Pretraining);
        var taskTexts = task.Users.SelectMany(u => u.All.Select(s => s.Text)).ToHashSet();
        var corpusTexts = corpus.Users.SelectMany(u => u.All.Select(s => s.Text)).ToHashSet();
        Assert.Equal(800, taskTexts.Count);
        Assert.Equal(800, corpusTexts.Count);
        Assert.Empty(taskTexts.Intersect(corpusTexts));
        // Same seed, same rules: a user gives a topic word the same label in both.
        for (int u = 0; u < 8; u++)
        {
            var rule = task.Users[u].All.GroupBy(s => s.Text.Split(' ').First(Vocabulary.Contains)).ToDictionary(g => g.Key, g => g.First().Labels[0]);
            Assert.All(corpus.Users[u].All, s => Assert.Equal(rule[s.Text.Split(' ').First(Vocabulary.Contains)], s.Labels[0]));
        }
        Assert.All(corpus.Users.SelectMany(u => u.All), s => Assert.StartsWith("p", s.Id));
    }

    [Fact]
    public void Noise_moves_labels_off_the_rule()
    {
        var clean = Flatten(SyntheticGenerator.Generate(8, 60, 3, 0.0, 42));
        var noisy = Flatten(SyntheticGenerator.Generate(8, 60, 3, 0.3, 42));
        Assert.NotEqual(clean, noisy);
    }

    [Fact]
    public void The_task_plugin_exposes_definition_prompts_and_parsing()
    {
        var task = new SyntheticTask();
        task.Configure(new Dictionary<string, object?> { ["users"] = 4, ["labels"] = 2 });
        Assert.Equal(["alpha", "beta"], task.Definition.Labels);
        var user = task.Load(null).Users[0];
        var prompts = task.BuildPrompts(user, SplitName.Test, new PromptOptions());
        Assert.All(prompts, p => Assert.StartsWith(task.Definition.Instruction + " Text: ", p.FewShotPrompt));
        Assert.Equal(["beta"], task.ParseGenerated("beta."));
        Assert.Throws<TaskDataException>(() => task.Prepare("x.csv"));
    }

    private static string Topic(string text) => text.Split(' ').First(w => Vocabulary.Contains(w));

    private static readonly HashSet<string> Vocabulary =
        ["football", "tennis", "match", "goal", "guitar", "song", "concert", "drum", "pizza", "soup", "bread", "cheese", "election",
         "senate", "vote", "minister", "beach", "train", "hotel", "flight", "galaxy", "atom", "robot", "planet", "film", "actor",
         "cinema", "scene", "rain", "snow", "storm", "wind"];

    private static List<string> Flatten(PersonalizedDataset data) =>
        data.Users.SelectMany(u => u.All.Select(s => $"{u.UserId}/{s.Id}/{s.Labels[0]}")).ToList();
}
