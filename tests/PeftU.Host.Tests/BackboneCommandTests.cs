using System.Text.Json;
using PeftU.Host.Cli;
using PeftU.Testing;
using static PeftU.Host.Tests.CliRunner;

namespace PeftU.Host.Tests;

/// <summary><c>peftu generate</c> and <c>peftu score</c> on the tiny-flan fixture, against its reference numbers.</summary>
public sealed class BackboneCommandTests
{
    private static readonly string Model = Path.Combine(RepoPaths.Fixtures, "t5", "tiny-flan");
    private const string Prompt = "Classify the text as Hateful or Non-hateful. Text: I love you. Label: Non-hateful. Text: you people are awful Label: ";

    [Fact]
    public void Score_json_gives_each_labels_sum_log_prob_and_token_ids()
    {
        var (code, output, error) = Run("score", "--model", Model, "--dtype", "fp32", "--text", Prompt, "--labels", "Hateful,Non-hateful", "--json");
        Assert.True(code == 0, error);
        var labels = JsonDocument.Parse(output).RootElement.GetProperty("labels");
        Assert.Equal("Hateful", labels[0].GetProperty("label").GetString());
        Assert.Equal([7559, 15, 1329, 1], labels[0].GetProperty("token_ids").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(-43.110748291015625, labels[0].GetProperty("sum_logprob").GetDouble(), 1e-4);
        Assert.Equal(-64.5735092163086, labels[1].GetProperty("sum_logprob").GetDouble(), 1e-4);
        Assert.Equal("fp32", JsonDocument.Parse(output).RootElement.GetProperty("dtype").GetString());
    }

    [Fact]
    public void Generate_prints_the_greedy_text()
    {
        var (code, output, error) = Run("generate", "--model", Model, "--dtype", "fp32", "--text", Prompt, "--max-new-tokens", "10");
        Assert.True(code == 0, error);
        Assert.Equal("unul Jersey Unter perspectiveberg BlockchainEnsurefahrenbergampli", output.Trim());
        Assert.Contains("backbone dtype fp32 (fp32 requested)", error);
    }

    [Fact]
    public void A_folder_without_a_model_is_a_one_line_error_with_exit_1()
    {
        var (code, _, error) = Run("generate", "--model", Path.Combine(RepoPaths.Fixtures, "t5"), "--text", "x");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.StartsWith("peftu: ", error);
        Assert.Contains("spiece.model", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Unknown_dtype_is_a_usage_error_listing_the_choices()
    {
        var (code, _, error) = Run("score", "--model", Model, "--text", "x", "--labels", "a", "--dtype", "fp16");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("auto", error);
        Assert.Contains("bf16", error);
    }

    [Fact]
    public void A_model_id_is_found_in_the_hugging_face_cache_named_by_the_environment()
    {
        using var tmp = new TempFolder("peftu-hfcache-cli");
        HfCacheLayout.AddModel(Path.Combine(tmp.Path, "hf", "hub"), "google/flan-t5-tiny", Model, "0123456789abcdef0123456789abcdef01234567");
        var (code, output, error) = RunWith(key => key == "HF_HOME" ? Path.Combine(tmp.Path, "hf") : null,
            "score", "--model", "google/flan-t5-tiny", "--dtype", "fp32", "--text", Prompt, "--labels", "Hateful,Non-hateful", "--json");
        Assert.True(code == 0, error);
        Assert.Equal(-43.110748291015625, JsonDocument.Parse(output).RootElement.GetProperty("labels")[0].GetProperty("sum_logprob").GetDouble(), 1e-4);

        (code, _, error) = RunWith(key => key == "HF_HOME" ? Path.Combine(tmp.Path, "hf") : null, "generate", "--model", "google/flan-t5-base", "--text", "x");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.StartsWith($"peftu: model 'google/flan-t5-base' is neither a folder nor in the Hugging Face cache (searched: {Path.Combine(tmp.Path, "hf", "hub", "models--google--flan-t5-base")};", error);
    }
}
