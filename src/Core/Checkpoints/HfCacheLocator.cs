using System.Text.RegularExpressions;
using PeftU.Core.Backbone;

namespace PeftU.Core.Checkpoints;

/// <summary>Model ids (<c>google/flan-t5-base</c>, optionally <c>@revision</c>) resolved from the local Hugging Face hub
/// cache only, as transformers does with <c>HF_HUB_OFFLINE=1</c>: the cache is <c>$HF_HUB_CACHE</c>, else
/// <c>$HF_HOME/hub</c>, else <c>$XDG_CACHE_HOME/huggingface/hub</c>, else <c>~/.cache/huggingface/hub</c>; the model's folder
/// <c>models--{owner}--{name}</c> holds <c>refs/{branch or tag}</c> (a commit) and <c>snapshots/{commit}/</c>. Nothing
/// is ever downloaded.</summary>
public static partial class HfCacheLocator
{
    [GeneratedRegex(@"^(?<repo>[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?)(?:@(?<rev>[A-Za-z0-9][A-Za-z0-9._/-]*))?$")]
    private static partial Regex Id();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex Commit();

    /// <summary>True when <paramref name="value"/> has the shape of a model id (<c>owner/name</c> or <c>owner/name@rev</c>).</summary>
    public static bool LooksLikeId(string value) => Id().IsMatch(value) && value.Contains('/', StringComparison.Ordinal) && !value.StartsWith('.');

    /// <summary>A folder that exists is itself; otherwise a model id becomes its cached snapshot folder. A missing model
    /// is one error naming the folders searched.</summary>
    public static string Resolve(string pathOrId, Func<string, string?>? environment = null)
    {
        if (Directory.Exists(pathOrId) || !LooksLikeId(pathOrId))
            return pathOrId;
        environment ??= Environment.GetEnvironmentVariable;
        var match = Id().Match(pathOrId);
        string repo = match.Groups["repo"].Value;
        string revision = match.Groups["rev"].Success ? match.Groups["rev"].Value : "main";
        string cache = CacheRoot(environment);
        string model = Path.Combine(cache, "models--" + repo.Replace("/", "--", StringComparison.Ordinal));
        string offline = "peftu resolves model ids from the local cache only and never downloads";
        if (!Directory.Exists(model))
            throw new BackboneException($"model '{repo}' is neither a folder nor in the Hugging Face cache (searched: {model}; the cache is $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub); {offline}.");
        string refFile = Path.Combine(model, "refs", revision);
        string? commit = File.Exists(refFile) ? File.ReadAllText(refFile).Trim() : Commit().IsMatch(revision) ? revision : null;
        var snapshots = Path.Combine(model, "snapshots");
        string available = Directory.Exists(snapshots)
            ? string.Join(", ", Directory.EnumerateDirectories(snapshots).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            : "";
        string hint = available.Length > 0 ? $"cached snapshots: {available}; pick one with {repo}@<commit>" : "no snapshots are cached";
        if (commit is null)
            throw new BackboneException($"model '{repo}': the cache has no ref '{revision}' (searched: {refFile}); {hint}.");
        string snapshot = Path.Combine(snapshots, commit);
        if (!Directory.Exists(snapshot))
            throw new BackboneException($"model '{repo}@{revision}': snapshot {commit} is not cached (searched: {snapshot}); {hint}; {offline}.");
        return snapshot;
    }

    /// <summary>The hub cache folder, by huggingface_hub's precedence.</summary>
    public static string CacheRoot(Func<string, string?> environment)
    {
        if (NonEmpty(environment("HF_HUB_CACHE")) is { } hubCache)
            return hubCache;
        if (NonEmpty(environment("HF_HOME")) is { } home)
            return Path.Combine(home, "hub");
        string cacheHome = NonEmpty(environment("XDG_CACHE_HOME"))
            ?? Path.Combine(NonEmpty(environment("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheHome, "huggingface", "hub");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
