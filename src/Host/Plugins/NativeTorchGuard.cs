namespace PeftU.Host.Plugins;

/// <summary>Refuses plugins that ship their own native torch: a second libtorch loaded into one process aborts it,
/// which no exception handler can catch, so the check runs on files before anything is loaded.</summary>
public static class NativeTorchGuard
{
    private static readonly string[] Patterns =
    [
        "libtorch*.so*", "libc10*.so*", "libLibTorchSharp*", "LibTorchSharp.dll", "torch_cpu.dll", "torch_cuda.dll",
        "c10.dll", "libtorch*.dylib", "libc10*.dylib",
    ];

    /// <summary>Native torch files inside the plugin folder, relative to it; empty when the plugin is safe to load.</summary>
    public static IReadOnlyList<string> FindNativeTorch(string pluginFolder) =>
        Patterns.SelectMany(p => Directory.EnumerateFiles(pluginFolder, p, SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(pluginFolder, f).Replace('\\', '/'))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
}
