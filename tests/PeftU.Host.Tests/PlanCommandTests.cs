using PeftU.Host.Cli;
using PeftU.Testing;
using static PeftU.Host.Tests.CliRunner;

namespace PeftU.Host.Tests;

/// <summary><c>peftu plan</c>: the cells of a valid experiment (snapshot), and every problem of a bad one in one pass,
/// each at file:line:column.</summary>
public sealed class PlanCommandTests
{
    internal static string File(string name) => Path.Combine(RepoPaths.Root, "tests", "PeftU.Host.Tests", "Experiments", name);

    [Fact]
    public async Task A_valid_experiment_prints_its_cells_with_solved_budgets()
    {
        var (code, output, error) = Run("plan", File("plan-ok.yaml"), "--gflops", "100", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        await Snapshot.Verify(output, "md");
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_position()
    {
        var (code, output, error) = Run("plan", File("plan-bad.yaml"), "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("", output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Replace(File("plan-bad.yaml"), "plan-bad.yaml")).ToList();
        Assert.Equal(
        [
            "plan-bad.yaml:3:3: unknown key 'dtyp' in backbone; did you mean 'dtype'? (valid: path, dtype, device, threads)",
            "plan-bad.yaml:5:5: unknown task 'tweetevl'; did you mean 'tweeteval'? (valid: cockamamie, epic, gabhate, goemotion, hatexplain, " +
            "measuringhatespeech, studemo, subjectivediscourse_question_sentiment, subjectivediscourse_response, " +
            "subjectivediscourse_response_sentiment, synthetic, tweeteval, unhealthyconversations, wikidetox)",
            "plan-bad.yaml:9:7: lora.r: 0 is out of range (allowed: 1..4096)",
            "plan-bad.yaml:10:7: lora.target_modules: 'x' is not allowed (allowed: one of q, k, v, o, wi, wi_0, wi_1, wo)",
            "plan-bad.yaml:11:5: method 'ia3' has 640 trainable parameters, -79.17% from the budget 3,072 (tolerance ±1.00 %); budget mode 'check' does not change options",
            "plan-bad.yaml:12:20: training.epochs must be an integer in 1..10000, got 'many'",
        ], lines.Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public void A_yaml_syntax_error_names_line_and_column()
    {
        var (code, _, error) = Run("plan", File("plan-syntax.yaml"), "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.StartsWith(File("plan-syntax.yaml") + ":3:", error);
        Assert.Contains("YAML syntax", error);
    }
}
