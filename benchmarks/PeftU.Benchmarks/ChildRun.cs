using System.Diagnostics;

namespace PeftU.Benchmarks;

/// <summary>This benchmark program run again as a fresh child process (measurements that the first calls of a process,
/// or its peak memory, would spoil): the last line it prints.</summary>
internal static class ChildRun
{
    public static string LastLine(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            info.ArgumentList.Add(typeof(ChildRun).Assembly.Location);  // run as `dotnet X.dll`, not an apphost
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        using var child = Process.Start(info)!;
        string last = child.StandardOutput.ReadToEnd().Trim().Split('\n')[^1];
        child.WaitForExit();
        return last;
    }
}
