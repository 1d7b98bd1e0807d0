using System.Text.Json;
using PeftU.Host.Cli;
using PeftU.Testing;
using static PeftU.Host.Tests.CliRunner;

namespace PeftU.Host.Tests;

/// <summary><c>peftu data …</c> through the real staged task plugins.</summary>
public sealed class DataCommandTests : IDisposable
{
    private static readonly string Synthetic = Path.Combine(RepoPaths.Fixtures, "peft-u-synthetic");
    private readonly string _out = Path.Combine(Path.GetTempPath(), "peftu-data-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
            Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public void Prepare_writes_the_originals_bytes()
    {
        var (code, output, error) = Run("data", "prepare", "tweeteval", "--raw", Path.Combine(Synthetic, "annotations.csv"), "--out", _out, "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        Assert.Contains("12 users", output);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Synthetic, "user_data_leaked.json")), File.ReadAllBytes(Path.Combine(_out, "user_data_leaked.json")));
    }

    [Fact]
    public void Prompts_json_lists_each_users_samples_with_prompt_and_labels()
    {
        var (code, output, error) = Run("data", "prompts", "tweeteval", "--data", Synthetic, "--user", "label_F_0", "--json", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        var user = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
        var first = user.GetProperty("samples")[0];
        Assert.Equal("syn0010", first.GetProperty("sample_id").GetString());
        Assert.EndsWith("Text: these fans never stop being brilliant lol Label: ", first.GetProperty("prompt").GetString());
        Assert.Equal("Hateful", first.GetProperty("labels")[0].GetString());
    }

    [Fact]
    public void Stats_of_the_generated_task_need_no_files()
    {
        var (code, output, error) = Run("data", "stats", "synthetic", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        Assert.Contains("users       32", output);
        Assert.Contains("Krippendorff's alpha", output);
    }

    [Fact]
    public void Bad_data_is_one_error_naming_file_user_and_sample()
    {
        Directory.CreateDirectory(_out);
        File.WriteAllText(Path.Combine(_out, "user_data_leaked.json"), """{"u1": {"train": {"s1": {"text": "t", "label": ["Maybe"]}}, "val": {}, "test": {}}}""");
        var (code, _, error) = Run("data", "stats", "tweeteval", "--data", _out, "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(ExitCodes.Failure, code);
        // One problem: file, user and sample on the one line.
        Assert.Equal($"peftu: {Path.Combine(_out, "user_data_leaked.json")}: user 'u1', sample 's1': unknown label 'Maybe' (the task's labels: Hateful, Non-hateful)",
            error.TrimEnd('\n'));
    }

    [Fact]
    public void Verify_passes_against_the_shared_reference()
    {
        string reference = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "data", "peft-u"));
        Assert.True(Directory.Exists(reference), $"the shared reference data is expected at {reference}");
        var (code, output, error) = Run("data", "verify", "--reference", reference, "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, output + error);
        Assert.Equal(5, output.Split('\n').Count(l => l.StartsWith("ok  ", StringComparison.Ordinal)));
    }
}
