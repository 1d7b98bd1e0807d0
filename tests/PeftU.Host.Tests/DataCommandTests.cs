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
        // 5 for synthetic and tweeteval, 2 per raw-file preparer reference (bytes, prompts) in prepare/.
        Assert.Equal(5 + 2 * 8, output.Split('\n').Count(l => l.StartsWith("ok  ", StringComparison.Ordinal)));
        Assert.Contains("ok    hatexplain: prepared user_data_leaked.json is byte-identical", output);
    }

    private static readonly string PrepareFixtures = Path.Combine(RepoPaths.Fixtures, "peft-u-prepare");

    [Fact]
    public void Prepare_takes_a_raw_folder_and_writes_the_originals_bytes()
    {
        var (code, output, error) = Run("data", "prepare", "hatexplain", "--raw", Path.Combine(PrepareFixtures, "hatexplain"), "--out", _out, "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        Assert.Contains("users", output);
        Assert.Equal(File.ReadAllBytes(Path.Combine(PrepareFixtures, "hatexplain", "user_data_leaked.json")), File.ReadAllBytes(Path.Combine(_out, "user_data_leaked.json")));
    }

    [Fact]
    public void Prepare_all_prepares_every_task_folder_it_finds_and_says_which_it_skipped()
    {
        string root = Path.Combine(_out, "checkout");
        foreach (var task in new[] { "gabhate", "epic", "wikidetox" })
            CopyDir(Path.Combine(PrepareFixtures, task), Path.Combine(root, "data", task));
        File.Delete(Path.Combine(root, "data", "wikidetox", "aggression_annotated_comments.tsv"));
        string output = Path.Combine(_out, "prepared");

        var (code, stdout, error) = Run("data", "prepare", "--all", "--raw-root", root, "--out", output, "--plugins-dir", RepoPaths.StagedPlugins);

        Assert.True(code == 0, stdout + error);
        foreach (var task in new[] { "gabhate", "epic" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(PrepareFixtures, task, "user_data_leaked.json")), File.ReadAllBytes(Path.Combine(output, task, "user_data_leaked.json")));
        Assert.Contains("skipped   wikidetox: wikidetox/aggression_annotated_comments.tsv is missing", stdout);
        Assert.Contains("skipped   tweeteval: no folder tweeteval/", stdout);
        Assert.Contains("2 prepared, 0 failed, 11 skipped", stdout);
        Assert.False(Directory.Exists(Path.Combine(output, "wikidetox")));
    }

    [Fact]
    public void Prepare_all_reports_bad_raw_data_writes_nothing_for_that_task_and_fails()
    {
        string data = Path.Combine(_out, "data");
        CopyDir(Path.Combine(PrepareFixtures, "gabhate"), Path.Combine(data, "gabhate"));
        CopyDir(Path.Combine(PrepareFixtures, "cockamamie"), Path.Combine(data, "cockamamie"));
        File.AppendAllText(Path.Combine(data, "gabhate", "GabHateCorpus_annotations.tsv"), "99999\t5\ttext\tmaybe\t0\t0\t0\n");
        string output = Path.Combine(_out, "prepared");

        var (code, stdout, error) = Run("data", "prepare", "--all", "--raw-root", data, "--out", output, "--plugins-dir", RepoPaths.StagedPlugins);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("failed    gabhate:", error);
        Assert.Contains("GabHateCorpus_annotations.tsv: 1 problem(s)", error);
        Assert.Contains("column 4 ('Hate') is 'maybe', expected 0 or 1", error);
        Assert.False(Directory.Exists(Path.Combine(output, "gabhate")));
        Assert.True(File.Exists(Path.Combine(output, "cockamamie", "user_data_leaked.json")), stdout);
    }

    [Fact]
    public void Prepare_all_refuses_a_task_argument()
    {
        var (code, _, error) = Run("data", "prepare", "gabhate", "--all", "--raw-root", _out, "--out", _out, "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("--all takes --raw-root DIR and --out DIR, and neither a TASK nor --raw.", error);
    }

    private static void CopyDir(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
