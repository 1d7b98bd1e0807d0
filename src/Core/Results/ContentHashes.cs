using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PeftU.Abstractions.IO;

namespace PeftU.Core.Results;

/// <summary>SHA-256 of the files a result depends on (the backbone's folder, a task's data), so replacing
/// <c>model.safetensors</c> or a data file at the same path invalidates the records made from the old one. Hashes are
/// cached in the run folder by (path, size, modification time): a resume re-reads nothing that did not change.</summary>
public sealed class ContentHashes(string cacheFile)
{
    private Dictionary<string, CachedHash>? _cache;
    private bool _dirty;

    /// <summary>The hash of a file, or of a folder's files (top level, by name and content: what a loader reads from
    /// it); links are followed, as loaders follow them (HF cache snapshots are links to blobs).</summary>
    public string Of(string path)
    {
        string full = Path.GetFullPath(path);
        if (System.IO.File.Exists(full))
            return OfFile(full);
        if (!Directory.Exists(full))
            return "absent";
        var parts = Directory.EnumerateFiles(full).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetFileName(f)}={OfFile(f)}");
        return Hex(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts))));
    }

    /// <summary>Writes the cache (atomically) if a hash was computed since it was read.</summary>
    public void Save()
    {
        if (!_dirty || _cache is null)
            return;
        AtomicFile.WriteAllText(cacheFile, JsonSerializer.Serialize(_cache, OutputJson.Options) + "\n");
        _dirty = false;
    }

    private string OfFile(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
            info = target;
        string stamp = string.Create(CultureInfo.InvariantCulture, $"{info.Length}:{info.LastWriteTimeUtc.Ticks}");
        var cache = Cache();
        if (cache.TryGetValue(path, out var cached) && cached.Stamp == stamp)
            return cached.Sha256;
        using var stream = info.OpenRead();
        string hash = Hex(SHA256.HashData(stream));
        cache[path] = new CachedHash(stamp, hash);
        _dirty = true;
        return hash;
    }

    private Dictionary<string, CachedHash> Cache()
    {
        if (_cache is not null)
            return _cache;
        try
        {
            _cache = System.IO.File.Exists(cacheFile)
                ? JsonSerializer.Deserialize<Dictionary<string, CachedHash>>(System.IO.File.ReadAllText(cacheFile), OutputJson.Options)
                : null;
        }
        catch (JsonException)
        {
            _cache = null; // a damaged cache only costs a re-hash
        }
        return _cache ??= new Dictionary<string, CachedHash>(StringComparer.Ordinal);
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    private sealed record CachedHash(string Stamp, string Sha256);
}
