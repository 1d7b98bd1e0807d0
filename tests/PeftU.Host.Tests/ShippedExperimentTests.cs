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

    /// <summary>The original's two code paths (peft_u/trainer/train.py for peft methods, baseline_adapter.py for
    /// adapters and IA3): what every protocol file's plan must resolve per method.</summary>
    private static readonly JsonObject PeftPath = new()
    {
        ["epochs"] = 8, ["lr"] = 2e-5, ["weight_decay"] = 0.01, ["decay_bias"] = true, ["batch"] = 8, ["warmup_ratio"] = 0.1,
        ["warmup_rounding"] = "floor", ["seed"] = 42, ["bank_size"] = 1, ["dropout"] = true, ["pad_to"] = 0, ["max_grad_norm"] = 0.0,
        ["val_loss"] = "batch_mean",
    };

    private static readonly JsonObject AdapterPath = new()
    {
        ["epochs"] = 8, ["lr"] = 2e-5, ["weight_decay"] = 0.01, ["decay_bias"] = false, ["batch"] = 8, ["warmup_ratio"] = 0.01,
        ["warmup_rounding"] = "ceil", ["seed"] = 42, ["bank_size"] = 1, ["dropout"] = true, ["pad_to"] = 0, ["max_grad_norm"] = 1.0,
        ["val_loss"] = "batch_mean_by_size",
    };

    [Theory]
    [MemberData(nameof(PeftUTasks))]
    public void A_protocol_file_plans_its_task_with_the_original_settings_per_method(string task)
    {
        var (code, output, error) = RunWith(Environment(task), "plan", Path.Combine(Experiments, "peft-u", task + ".yaml"), "--json",
            "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        var cells = JsonNode.Parse(output)!["cells"]!.AsArray().ToDictionary(c => (string)c!["method"]!, c => c!);
        Assert.Equal(["zero-shot", "few-shot", "lora", "prompt-tuning", "prefix-tuning", "p-tuning", "adapter-houlsby", "ia3", "adapter-pfeiffer"], cells.Keys);
        foreach (var (method, cell) in cells)
        {
            Assert.Equal(task, (string)cell["task"]!);
            bool adapterPath = method is "adapter-houlsby" or "ia3" or "adapter-pfeiffer";
            if (method is not ("zero-shot" or "few-shot"))
                Assert.True(JsonNode.DeepEquals(adapterPath ? AdapterPath : PeftPath, cell["training"]), $"{method}: {cell["training"]!.ToJsonString()}");
            Assert.Equal(method == "zero-shot" ? 0 : 3, (int)cell["prompts"]!["shots"]!);
            Assert.Equal(512, (int)cell["prompts"]!["max_input_tokens"]!);
            Assert.True((bool)cell["prompts"]!["faithful"]!);
            Assert.Equal("generate", (string)cell["evaluation"]!["mode"]!);
            Assert.Equal(adapterPath ? 16 : 128, (int)cell["evaluation"]!["max_new_tokens"]!);
            Assert.True((double)cell["test_flops"]! > 0);
            Assert.Equal(method is "zero-shot" or "few-shot", (double)cell["train_flops"]! == 0);
        }
        Assert.Equal("bert", (string)cells["adapter-houlsby"]["options"]!["init_weights"]!);
        Assert.Equal("swish", (string)cells["adapter-houlsby"]["options"]!["non_linearity"]!);
        // reduction_factor 16 on d_model 768, shown as the bottleneck width it gives.
        Assert.Equal("48", (string)cells["adapter-houlsby"]["options"]!["bottleneck_size"]!);
        Assert.Equal("residual", (string)cells["adapter-pfeiffer"]["options"]!["adapter_input"]!); // AdapterHub's SeqBnConfig placement
        Assert.Equal("8", (string)cells["lora"]["options"]!["r"]!);
        Assert.Equal(110_592 * 8, (long)cells["lora"]["trainable_params"]!);
    }

    [Fact]
    public void Demo_prompts_make_the_protocols_training_cost_more_than_bare_queries()
    {
        string file = Path.Combine(Experiments, "peft-u", "tweeteval.yaml");
        string bare = Path.Combine(Root, "tweeteval-bare.yaml");
        Directory.CreateDirectory(Root);
        File.WriteAllText(bare, File.ReadAllText(file).Replace("  shots: 3 ", "  shots: 0 "));
        double Flops(string path)
        {
            var (code, output, error) = RunWith(Environment("tweeteval"), "plan", path, "--json", "--plugins-dir", RepoPaths.StagedPlugins);
            Assert.True(code == 0, error);
            return JsonNode.Parse(output)!["cells"]!.AsArray().Where(c => (string)c!["method"]! == "lora").Sum(c => (double)c!["train_flops"]!);
        }
        double demos = Flops(file), queries = Flops(bare);
        // The task's long instruction is in both; the demos add two or three texts with their labels to every input.
        Assert.True(demos > 1.3 * queries, $"3-demo prompts: {demos:E3} FLOP, bare queries: {queries:E3} FLOP");
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
        int line = Array.FindIndex(File.ReadAllLines(Path.Combine(Experiments, "peft-u", "tweeteval.yaml")), l => l.StartsWith("  path: ", StringComparison.Ordinal)) + 1;
        Assert.Contains($"tweeteval.yaml:{line}:3: backbone:", error);
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
