using System.Text.Json.Nodes;
using PeftU.Testing;
using static PeftU.Host.Tests.CliRunner;

namespace PeftU.Host.Tests;

/// <summary>Every experiment file under <c>experiments/</c> plans cleanly: the quickstart on the bundled backbone, the
/// 13 PEFT-U protocol files and the equal-budget ablation with flan-t5-base's config and synthetic PEFT-U-format data
/// standing in for the checkpoint and the real data (given through their variables, as a user would).</summary>
public sealed class ShippedExperimentTests : IDisposable
{
    private readonly TempFolder _temp = new("peftu-shipped");

    private string Root => _temp.Path;

    private static string Experiments => Path.Combine(RepoPaths.Root, "experiments");

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> PeftUTasks() =>
        [.. Directory.GetFiles(Path.Combine(Experiments, "peft-u"), "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order()];

    [Fact]
    public void There_is_a_protocol_file_for_each_of_the_13_tasks() => Assert.Equal(13, PeftUTasks().Count);

    [Fact]
    public async Task The_quickstart_plans_every_method_on_the_bundled_backbone()
    {
        var (code, output, error) = Run("plan", Path.Combine(Experiments, "quickstart.yaml"), "--gflops", "100", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        await Snapshot.Verify(output, "md");
    }

    [Theory]
    [MemberData(nameof(PeftUTasks))]
    public void A_protocol_file_plans_its_task_with_the_original_settings(string task)
    {
        var (code, output, error) = RunWith(Environment(task), "plan", Path.Combine(Experiments, "peft-u", task + ".yaml"), "--gflops", "100",
            "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        Assert.Contains("247,577,856 parameters", output);
        Assert.Contains("- training: 8 epochs, AdamW lr 2E-05, weight decay 0.01, batch 8, warm-up 10 %, seed 42, bank size 1", output);
        Assert.Contains("- evaluation: generate (max 32 new tokens)", output);
        var methods = output.Split('\n').Where(l => l.StartsWith($"| {task} |", StringComparison.Ordinal)).Select(l => l.Split('|')[4].Trim());
        Assert.Equal(["zero-shot", "few-shot", "lora", "adapter-houlsby", "adapter-pfeiffer", "prompt-tuning", "prefix-tuning", "p-tuning", "ia3"], methods);
    }

    [Fact]
    public async Task The_equal_budget_ablation_solves_every_method_to_110_6K_parameters()
    {
        var (code, output, error) = RunWith(Environment("tweeteval"), "plan", Path.Combine(Experiments, "equal-budget", "tweeteval.yaml"), "--gflops", "100",
            "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        await Snapshot.Verify(output.Replace(Root, "<tmp>"), "md");
    }

    [Fact]
    public void A_protocol_file_without_its_checkpoint_variable_points_at_the_default_and_says_it_is_missing()
    {
        var (code, _, error) = RunWith(name => name == "PEFTU_DATA" ? Data("tweeteval") : null, "plan",
            Path.Combine(Experiments, "peft-u", "tweeteval.yaml"), "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(1, code);
        Assert.Contains("tweeteval.yaml:5:3: backbone:", error);
        Assert.Contains(Path.Combine("models", "flan-t5-base"), error);
    }

    /// <summary>FLAN_T5_BASE: a folder with flan-t5-base's config.json only (plans need no weights); PEFTU_DATA: the
    /// synthetic PEFT-U-format fixture as the task's user_data_leaked.json, its two labels renamed to the task's.</summary>
    private Func<string, string?> Environment(string task)
    {
        string checkpoint = Path.Combine(Root, "flan-t5-base");
        Directory.CreateDirectory(checkpoint);
        File.Copy(Path.Combine(RepoPaths.Fixtures, "t5", "flan-t5-base.config.json"), Path.Combine(checkpoint, "config.json"), overwrite: true);
        string data = Data(task);
        return name => name switch
        {
            "FLAN_T5_BASE" => checkpoint,
            "PEFTU_DATA" => data,
            _ => null,
        };
    }

    private string Data(string task)
    {
        string folder = Path.Combine(Root, "data", task);
        Directory.CreateDirectory(folder);
        var labels = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "plugins", "Tasks", "PeftU.Tasks.PeftU", "tasks.json")))![task]!["labels"]!
            .AsArray().Select(l => (string)l!).ToList();
        string text = File.ReadAllText(Path.Combine(RepoPaths.Fixtures, "peft-u-synthetic", "user_data_leaked.json"))
            .Replace("\"Non-hateful\"", JsonValue.Create(labels[1]).ToJsonString())
            .Replace("\"Hateful\"", JsonValue.Create(labels[0]).ToJsonString());
        File.WriteAllText(Path.Combine(folder, "user_data_leaked.json"), text);
        return Path.GetDirectoryName(folder)!;
    }
}
