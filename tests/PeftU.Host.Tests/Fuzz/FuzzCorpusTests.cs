using System.Diagnostics;
using System.Text.RegularExpressions;
using PeftU.Testing;

namespace PeftU.Host.Tests.Fuzz;

/// <summary>The fuzz corpus (<c>tests/fuzz</c>): every malformed input ends in the expected exit code (1, or 2 for usage)
/// and first error line, within a time bound, with no stack trace. Each case runs <c>peftu</c> as a child process, so a
/// stack overflow, an abort inside libtorch or a hang fails the case instead of the test run. One test class per family
/// (below) so xunit runs the families in parallel.</summary>
public abstract partial class FuzzCorpusTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static readonly string[] Families = ["yaml", "data", "raw", "checkpoint", "run-folder", "cli"];

    public static TheoryData<string> Cases(string family)
    {
        var data = new TheoryData<string>();
        foreach (string name in FuzzCase.Names(RepoPaths.Root).Where(n => n.StartsWith(family + "/", StringComparison.Ordinal)))
            data.Add(name);
        return data;
    }

    protected static async Task Check(string name)
    {
        using var temp = new TempFolder("peftu-fuzz");
        var fuzz = FuzzCase.Prepare(RepoPaths.Root, name, temp.Path);
        Assert.InRange(fuzz.ExpectedCode, 1, 2);

        var (code, stdout, stderr, elapsed) = await Run(fuzz);
        string context = $"exit {code} after {elapsed.TotalSeconds:F1} s\n--- stderr\n{stderr}\n--- stdout\n{Tail(stdout)}";

        Assert.False(elapsed >= Limit, $"{name}: still running after {Limit.TotalSeconds} s (killed)\n{context}");
        Assert.False(StackFrame().IsMatch(stderr) || StackFrame().IsMatch(stdout), $"{name}: a stack trace\n{context}");
        Assert.True(code == fuzz.ExpectedCode, $"{name}: expected exit {fuzz.ExpectedCode}\n{context}");
        var lines = stderr.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        string expected = fuzz.ExpectedFirstLine;
        // "last:" is for commands that log before failing (run prints its backbone and output first).
        bool last = expected.StartsWith("last:", StringComparison.Ordinal);
        string first = last ? lines.LastOrDefault(l => l.Length > 0) ?? "" : lines[0];
        if (last)
            expected = expected["last:".Length..];
        bool matches = expected.StartsWith("regex:", StringComparison.Ordinal)
            ? Regex.IsMatch(first, expected["regex:".Length..].Trim())
            : first.StartsWith(expected, StringComparison.Ordinal);
        Assert.True(matches, $"{name}: {(last ? "last" : "first")} stderr line\n  «{first}»\ndoes not match\n  «{expected}»\n{context}");
        foreach (string path in fuzz.Absent)
            Assert.False(File.Exists(path) || Directory.Exists(path), $"{name}: {path} was written\n{context}");
    }

    private static async Task<(int Code, string Out, string Error, TimeSpan Elapsed)> Run(FuzzCase fuzz)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = fuzz.Temp,
        };
        // PEFTU_FUZZ_HOST/PEFTU_FUZZ_PLUGINS run the corpus against another build (e.g. to see which cases an older one fails).
        info.ArgumentList.Add(Environment.GetEnvironmentVariable("PEFTU_FUZZ_HOST") ?? Path.Combine(AppContext.BaseDirectory, "peftu.dll"));
        foreach (string arg in fuzz.Arguments)
            info.ArgumentList.Add(arg);
        info.Environment["PEFTU_PLUGINS_PATH"] = Environment.GetEnvironmentVariable("PEFTU_FUZZ_PLUGINS") ?? RepoPaths.StagedPlugins;
        info.Environment.Remove("PEFTU_DEBUG");
        foreach (var (key, value) in fuzz.Environment)
            info.Environment[key] = value;

        var clock = Stopwatch.StartNew();
        using var child = Process.Start(info)!;
        child.StandardInput.Close();
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await child.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            return (-1, await stdout, await stderr, Limit);
        }
        return (child.ExitCode, await stdout, await stderr, clock.Elapsed);
    }

    private static string Tail(string text) => text.Length > 2000 ? "…" + text[^2000..] : text;

    // A .NET stack frame line ("   at Namespace.Type.Method(...)"), as printed for an unhandled exception or a crash.
    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}

public sealed class FuzzCorpusCoverageTests
{
    [Fact]
    public void The_corpus_covers_every_family_with_at_least_100_cases()
    {
        var names = FuzzCase.Names(RepoPaths.Root).ToList();
        Assert.True(names.Count >= 100, $"{names.Count} fuzz cases");
        Assert.All(FuzzCorpusTests.Families, f => Assert.True(names.Count(n => n.StartsWith(f + "/", StringComparison.Ordinal)) >= 10, $"{f}: under 10 cases"));
        Assert.All(names, n => Assert.Contains(n.Split('/')[0], FuzzCorpusTests.Families));
    }
}

public sealed class YamlFuzzTests : FuzzCorpusTests
{
    [Theory]
    [MemberData(nameof(Cases), "yaml")]
    public Task Malformed_input_fails_with_one_line_and_exit_1_or_2(string name) => Check(name);
}

public sealed class DataFuzzTests : FuzzCorpusTests
{
    [Theory]
    [MemberData(nameof(Cases), "data")]
    public Task Malformed_input_fails_with_one_line_and_exit_1_or_2(string name) => Check(name);
}

public sealed class RawFuzzTests : FuzzCorpusTests
{
    [Theory]
    [MemberData(nameof(Cases), "raw")]
    public Task Malformed_input_fails_with_one_line_and_exit_1_or_2(string name) => Check(name);
}

public sealed class CheckpointFuzzTests : FuzzCorpusTests
{
    [Theory]
    [MemberData(nameof(Cases), "checkpoint")]
    public Task Malformed_input_fails_with_one_line_and_exit_1_or_2(string name) => Check(name);
}

public sealed class RunFolderFuzzTests : FuzzCorpusTests
{
    [Theory]
    [MemberData(nameof(Cases), "run-folder")]
    public Task Malformed_input_fails_with_one_line_and_exit_1_or_2(string name) => Check(name);
}

public sealed class CliFuzzTests : FuzzCorpusTests
{
    [Theory]
    [MemberData(nameof(Cases), "cli")]
    public Task Malformed_input_fails_with_one_line_and_exit_1_or_2(string name) => Check(name);
}
