using System.Diagnostics;
using PeftU.Testing;

namespace PeftU.Host.Tests;

/// <summary>The host as built beside the tests, run as a separate process (its own torch threads; a SIGKILL or a
/// cluster's cancel hits only it).</summary>
internal static class PeftuProcess
{
    public static string HostDll => Path.Combine(AppContext.BaseDirectory, "peftu.dll");

    /// <summary>The command line that runs this host, as exported jobs take it (<c>--peftu</c>).</summary>
    public static string Command => $"dotnet {HostDll}";

    /// <summary>The host with the staged plugins and <paramref name="args"/>.</summary>
    public static Process Start(params string[] args) => StartCommandLine(["dotnet", HostDll, "--plugins-dir", RepoPaths.StagedPlugins, .. args]);

    public static Task<(int Code, string Out, string Error)> Run(params string[] args) =>
        RunCommandLine(["dotnet", HostDll, "--plugins-dir", RepoPaths.StagedPlugins, .. args]);

    /// <summary>Runs a whole command line as given (an exported job's), no arguments added.</summary>
    public static async Task<(int Code, string Out, string Error)> RunCommandLine(IReadOnlyList<string> words)
    {
        using var child = StartCommandLine(words);
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        return (child.ExitCode, await stdout, await stderr);
    }

    private static Process StartCommandLine(IReadOnlyList<string> words)
    {
        var info = new ProcessStartInfo(words[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string word in words.Skip(1))
            info.ArgumentList.Add(word);
        return Process.Start(info)!;
    }
}
