using System.Text.Json;
using PeftU.Abstractions.Tasks;
using PeftU.Data.Prompts;
using PeftU.Data.Raw;
using PeftU.Data.Splits;
using PeftU.Testing;

namespace PeftU.Data.Tests;

/// <summary>Few-shot prompts built from each task's prepared synthetic data equal the original's (expected_prompts.json:
/// the first users' first test and train samples, 3 demos).</summary>
public sealed class PreparedPromptParityTests
{
    public static TheoryData<string> Tasks => new(PrepareReference.Tasks);

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Prompts_from_the_prepared_data_match_the_originals(string task)
    {
        var dataset = PeftUSplitter.Split(RawSources.Find(task)!.Read(PrepareReference.Dir(task)));
        using var expected = JsonDocument.Parse(File.ReadAllBytes(PrepareReference.File(task, "expected_prompts.json")));
        int compared = 0;
        foreach (var user in expected.RootElement.EnumerateObject())
        {
            var data = dataset.Find(user.Name) ?? throw new Xunit.Sdk.XunitException($"user {user.Name} missing");
            foreach (var split in user.Value.EnumerateObject())
            {
                var built = PromptBuilder.Build(data, SplitNames.All.Single(s => s.Key() == split.Name), Instruction(task)).ToDictionary(p => p.SampleId);
                foreach (var sample in split.Value.EnumerateArray())
                {
                    Assert.Equal(sample.GetProperty("few_shot_prompt").GetString(), built[sample.GetProperty("sample_id").GetString()!].FewShotPrompt);
                    compared++;
                }
            }
        }
        Assert.True(compared >= 3, $"only {compared} prompts compared");
    }

    /// <summary>The task's instruction from the task plugin's tasks.json (facts of the original's config.json).</summary>
    private static string Instruction(string task)
    {
        using var tasks = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "plugins", "Tasks", "PeftU.Tasks.PeftU", "tasks.json")));
        return tasks.RootElement.GetProperty(task).GetProperty("instruction").GetString()!;
    }
}
