namespace PeftU.Core.Experiments;

/// <summary>Paths in an experiment file: relative to the file's folder; <c>bundled:NAME</c> names a backbone shipped with
/// peftu (<c>models/NAME</c> beside the host).</summary>
public static class ExperimentPaths
{
    public const string BundledPrefix = "bundled:";

    public static string BundledRoot => Path.Combine(AppContext.BaseDirectory, "models");

    public static IReadOnlyList<string> BundledIds =>
        Directory.Exists(BundledRoot) ? [.. Directory.EnumerateDirectories(BundledRoot).Select(d => BundledPrefix + Path.GetFileName(d)).Order(StringComparer.Ordinal)] : [];

    /// <summary>The backbone's folder: <c>bundled:NAME</c>, a folder relative to the file, or a Hugging Face model id
    /// (<c>google/flan-t5-base[@rev]</c>) resolved from the local cache (<see cref="Checkpoints.HfCacheLocator"/>).</summary>
    public static string ResolveBackbone(ExperimentSpec spec, string path, Func<string, string?>? environment = null) =>
        ResolveBackbone(spec.File, path, environment);

    public static string ResolveBackbone(string experimentFile, string path, Func<string, string?>? environment = null)
    {
        string resolved = Resolve(experimentFile, path);
        if (Directory.Exists(resolved) || path.StartsWith(BundledPrefix, StringComparison.Ordinal) || Path.IsPathRooted(path)
            || !Checkpoints.HfCacheLocator.LooksLikeId(path))
            return resolved;
        try
        {
            return Checkpoints.HfCacheLocator.Resolve(path, environment);
        }
        catch (Backbone.BackboneException e)
        {
            throw new Backbone.BackboneException($"no folder {resolved}, and as a model id: {e.Message}");
        }
    }

    public static string Resolve(ExperimentSpec spec, string path) => Resolve(spec.File, path);

    private static string Resolve(string experimentFile, string path)
    {
        if (path.StartsWith(BundledPrefix, StringComparison.Ordinal))
            return Path.Combine(BundledRoot, path[BundledPrefix.Length..]);
        return Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(experimentFile))!, path));
    }
}
