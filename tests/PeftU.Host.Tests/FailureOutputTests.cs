using PeftU.Core.Results;
using PeftU.Host.Cli;
using PeftU.Testing;
using static PeftU.Host.Tests.CliRunner;

namespace PeftU.Host.Tests;

/// <summary>What a failure prints: one line and exit 1 by default; the stack trace only with --debug or PEFTU_DEBUG=1;
/// and the run-folder checks that need real files (an edited record, a long --text).</summary>
public sealed class FailureOutputTests : IDisposable
{
    private readonly TempFolder _temp = new("peftu-failure");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_failure_is_one_line_without_a_stack_trace()
    {
        var (code, _, error) = Run("report", Path.Combine(_temp.Path, "nope"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.StartsWith($"peftu: {Path.Combine(_temp.Path, "nope")} is not a run folder", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Debug_or_PEFTU_DEBUG_adds_the_stack_trace()
    {
        var (code, _, error) = Run("report", Path.Combine(_temp.Path, "nope"), "--debug");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.StartsWith("peftu: ", error);
        Assert.Contains("ResultStoreException", error);
        Assert.Contains("   at ", error);

        var (envCode, _, envError) = RunWith(name => name == "PEFTU_DEBUG" ? "1" : null, "report", Path.Combine(_temp.Path, "nope"));
        Assert.Equal(ExitCodes.Failure, envCode);
        Assert.Contains("   at ", envError);
    }

    [Fact]
    public void A_record_edited_after_it_was_written_is_refused_and_an_untouched_one_is_read()
    {
        var store = new ResultStore(_temp.Path);
        var record = new UserRecord("t", "c", "sig", "u/1", 3, 1, [0.25, 0.125], 2, 6, 0.5,
            [new PredictionRecord("s1", "A", "A", true), new PredictionRecord("s2", null, "B", false, "gibberish")]);
        store.Write(record);
        var read = Assert.Single(store.Finished("t", "c", "sig"));
        Assert.Equal(record.Predictions, read.Value.Predictions);

        string file = Directory.GetFiles(store.CellFolder("t", "c"), "*.json").Single();
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"correct\": false", "\"correct\": true", StringComparison.Ordinal));
        var e = Assert.Throws<ResultStoreException>(() => store.Finished("t", "c", "sig"));
        Assert.Contains("was edited after it was written", e.Message);
    }

    [Fact]
    public void Score_cuts_a_20000_word_text_and_says_so()
    {
        string text = string.Concat(Enumerable.Repeat("word ", 20_000)) + "Label: ";
        var (code, output, error) = Run("score", "--model", Path.Combine(RepoPaths.Fixtures, "t5", "tiny-flan"), "--dtype", "fp32",
            "--text", text, "--labels", "Hateful,Non-hateful");
        Assert.True(code == 0, error);
        Assert.Contains("tokens; using its first 2,048", error);
        Assert.Contains("best: ", output);
    }
}
