using PeftU.Abstractions.Tasks;
using System.Text.Json;
using PeftU.Data.Format;
using PeftU.Data.Prompts;

namespace PeftU.Data.Tests;

public sealed class PromptParityTests
{
    [Fact]
    public void Faithful_prompts_match_the_originals_on_the_synthetic_data()
    {
        var dataset = UserDataReader.Read(SyntheticReference.File("user_data_leaked.json"));
        AssertPrompts(dataset, SyntheticReference.Json(SyntheticReference.File("expected_prompts.json")));
    }

    /// <summary>The real TweetEval reference lives only in ../shared (no licence to commit it); CI has it beside the clone.</summary>
    [Fact]
    public void Faithful_prompts_match_the_originals_on_real_tweeteval_data()
    {
        string dir = Path.Combine(SyntheticReference.SharedPeftU, "tweeteval");
        Assert.True(Directory.Exists(dir), $"the shared reference data is expected at {dir}");
        var dataset = UserDataReader.Read(Path.Combine(dir, "user_data_leaked.json"), ["Hateful", "Non-hateful"]);
        Assert.Equal(20, dataset.Users.Count);
        Assert.All(dataset.Users, u => Assert.Equal((160, 20, 20), (u.Train.Count, u.Val.Count, u.Test.Count)));
        AssertPrompts(dataset, SyntheticReference.Json(Path.Combine(dir, "expected_prompts.json")));
    }

    [Fact]
    public void Fixed_mode_never_uses_a_train_sample_as_its_own_demo()
    {
        var dataset = UserDataReader.Read(SyntheticReference.File("user_data_leaked.json"));
        int selfDemosFaithful = 0;
        foreach (var user in dataset.Users)
        {
            var faithful = PromptBuilder.Build(user, SplitName.Train, "I", faithful: true);
            var fixedMode = PromptBuilder.Build(user, SplitName.Train, "I", faithful: false);
            for (int i = 0; i < user.Train.Count; i++)
            {
                if (user.Train.Count(s => s.Text == user.Train[i].Text) > 1)
                    continue; // another sample has the same text: it may rightly be a demo
                string own = $"Text: {user.Train[i].Text} Label: ";
                string demos = fixedMode[i].FewShotPrompt[..^(own.Length)];
                Assert.DoesNotContain(own, demos);
                if (faithful[i].FewShotPrompt[..^(own.Length)].Contains(own, StringComparison.Ordinal))
                    selfDemosFaithful++;
            }
        }
        Assert.True(selfDemosFaithful > 0, "the faithful mode keeps the original's self-demo quirk");
    }

    private static void AssertPrompts(PersonalizedDataset dataset, JsonElement expected)
    {
        foreach (var user in expected.EnumerateObject())
        {
            var data = dataset.Find(user.Name) ?? throw new Xunit.Sdk.XunitException($"user {user.Name} missing");
            foreach (var split in user.Value.EnumerateObject())
            {
                var name = SplitNames.All.Single(s => s.Key() == split.Name);
                var built = PromptBuilder.Build(data, name, SyntheticReference.TweetEvalInstruction).ToDictionary(p => p.SampleId);
                foreach (var sample in split.Value.EnumerateArray())
                {
                    var prompt = built[sample.GetProperty("sample_id").GetString()!];
                    Assert.Equal(sample.GetProperty("few_shot_prompt").GetString(), prompt.FewShotPrompt);
                    Assert.Equal(sample.GetProperty("zero_shot_prompt").GetString(), prompt.ZeroShotPrompt);
                    Assert.Equal(sample.GetProperty("target").GetString(), prompt.Target);
                    Assert.Equal(sample.GetProperty("labels").EnumerateArray().Select(l => l.GetString()), prompt.Labels);
                }
            }
        }
    }
}
