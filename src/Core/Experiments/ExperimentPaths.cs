namespace PeftU.Core.Experiments;

/// <summary>Paths in an experiment file: relative to the file's folder; <c>bundled:NAME</c> names a backbone shipped with
/// peftu (<c>models/NAME</c> beside the host).</summary>
public static class ExperimentPaths
{
    public const string BundledPrefix = "bundled:";

    public static string BundledRoot => Path.Combine(AppContext.BaseDirectory, "models");

    public static IReadOnlyList<string> BundledIds =>
        Directory.Exists(BundledRoot) ? [.. Directory.EnumerateDirectories(BundledRoot).Select(d => BundledPrefix + Path.GetFileName(d)).Order(StringComparer.Ordinal)] : [];

    public static string Resolve(ExperimentSpec spec, string path)
    {
        if (path.StartsWith(BundledPrefix, StringComparison.Ordinal))
            return Path.Combine(BundledRoot, path[BundledPrefix.Length..]);
        return Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(spec.File))!, path));
    }
}
