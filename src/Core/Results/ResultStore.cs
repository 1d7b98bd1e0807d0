using PeftU.Core;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PeftU.Abstractions.IO;
using PeftU.Core.Adapters;
using PeftU.Core.Sharding;

namespace PeftU.Core.Results;

/// <summary>A run folder: <c>experiment.yaml</c> (the file the run was started with), <c>manifest.json</c> and one
/// <c>records/&lt;task&gt;/&lt;cell&gt;/&lt;user&gt;.json</c> per finished user. Every file is written atomically, so a
/// run killed at any moment leaves only complete records; a resumed run skips the users whose record matches.</summary>
public sealed class ResultStore(string folder)
{
    public const string ExperimentFile = "experiment.yaml";
    public const string ManifestFile = "manifest.json";
    public const string LockFile = "run.lock";

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>Claims the folder for <paramref name="experimentText"/>: a new or empty folder takes it; a folder started
    /// with a different file is refused unless <paramref name="force"/> (then records whose signature still matches are
    /// kept, the rest are redone).</summary>
    /// <remarks>A shard passes <paramref name="sweep"/> false: another shard's write may be in flight.</remarks>
    public void Claim(string experimentText, bool force, bool sweep = true)
    {
        string stored = Path.Combine(Folder, ExperimentFile);
        if (File.Exists(stored) && File.ReadAllText(stored) != experimentText && !force)
        {
            throw new ResultStoreException(
                $"{Folder} holds a run of a different experiment file ({stored} differs); use another --out, or --force to " +
                "resume there anyway (records whose task, method, options and settings still match are kept, the others redone).");
        }
        if (!File.Exists(stored) || File.ReadAllText(stored) != experimentText)
            AtomicFile.WriteAllText(stored, experimentText);
        if (sweep)
            SweepStaleTemporaries();
    }

    /// <summary>Holds the folder for one run: an exclusive lock on <c>run.lock</c>, released when disposed or when the
    /// process dies (even by SIGKILL), so a second <c>peftu run</c> on the same folder is refused instead of racing.</summary>
    public IDisposable Lock()
    {
        Directory.CreateDirectory(Folder);
        try
        {
            return new FileStream(Path.Combine(Folder, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e)
        {
            throw new ResultStoreException($"{Folder} is in use by another peftu run ({e.Message.TrimEnd('.')}); wait for it or use another --out.");
        }
    }

    /// <summary>Holds the folder for one shard: a shared lock on <c>run.lock</c> (shards run side by side, an unsharded run
    /// on the same folder is refused and refuses them) and an exclusive one on <c>shards/I-of-N.lock</c> (the same shard
    /// twice is refused). Both are advisory file locks, released when the process dies.</summary>
    public IDisposable Lock(ShardSpec shard)
    {
        if (shard.IsWhole)
            return Lock();
        Directory.CreateDirectory(ShardStatusFiles.FolderOf(Folder));
        FileStream? run = null;
        try
        {
            run = new FileStream(Path.Combine(Folder, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
        }
        catch (IOException e)
        {
            throw new ResultStoreException($"{Folder} is in use by an unsharded peftu run ({e.Message.TrimEnd('.')}); wait for it or use another --out.");
        }
        try
        {
            var own = new FileStream(ShardStatusFiles.LockOf(Folder, shard), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            return new Holds(own, run);
        }
        catch (IOException e)
        {
            run.Dispose();
            throw new ResultStoreException($"shard {shard} of {Folder} is already running ({e.Message.TrimEnd('.')}); each shard index runs once at a time.");
        }
    }

    private sealed class Holds(params IDisposable[] held) : IDisposable
    {
        public void Dispose()
        {
            foreach (var hold in held)
                hold.Dispose();
        }
    }

    /// <summary>Deletes the temp files of writes a killed run never finished (<c>name.xxxxxxxx.tmp</c> beside a record);
    /// they are never read, only litter. Safe because the caller holds <see cref="Lock()"/>.</summary>
    private void SweepStaleTemporaries()
    {
        foreach (string temp in Directory.EnumerateFiles(Folder, "*.tmp", SearchOption.AllDirectories).ToList())
            File.Delete(temp);
    }

    public void WriteManifest(RunManifest manifest) =>
        AtomicFile.WriteAllText(Path.Combine(Folder, ManifestFile), JsonSerializer.Serialize(manifest, OutputJson.Options) + "\n");

    /// <summary>Writes a shard's manifest and returns the one the folder holds afterwards. The first shard to start
    /// creates it, atomically even against shards starting at the same moment (a hard link never replaces a file); the
    /// others get that one. With <paramref name="adoptDtype"/> (<c>dtype: auto</c>) a manifest in another dtype is
    /// returned as it is: the caller reloads the backbone in that dtype, so all shards of a run record in one. Any other
    /// difference (the file was changed and the run forced) replaces the manifest.</summary>
    public RunManifest PublishManifest(RunManifest manifest, bool adoptDtype)
    {
        string path = Path.Combine(Folder, ManifestFile);
        if (ExistingManifest() is { } existing)
        {
            if (existing.Dtype != manifest.Dtype && adoptDtype)
                return existing;
            if (!Signatures(existing).SequenceEqual(Signatures(manifest)))
                WriteManifest(manifest);
            return manifest;
        }
        string temp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(manifest, OutputJson.Options) + "\n");
        try
        {
            File.Move(temp, path, overwrite: false);
            return manifest;
        }
        catch (IOException) when (File.Exists(path))
        {
            return PublishManifest(manifest, adoptDtype);  // another shard was first: now it exists
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static IEnumerable<string> Signatures(RunManifest manifest) => manifest.Cells.Select(c => $"{c.Task}/{c.Cell}/{c.Signature}");

    /// <summary>The manifest of a run started earlier in this folder, or null when there is none (a new folder).</summary>
    public RunManifest? ExistingManifest() => File.Exists(Path.Combine(Folder, ManifestFile)) ? ReadManifest() : null;

    public RunManifest ReadManifest()
    {
        string path = Path.Combine(Folder, ManifestFile);
        if (!File.Exists(path))
            throw new ResultStoreException($"{Folder} is not a run folder: it has no {ManifestFile} (run `peftu run FILE --out {Folder}` first).");
        RunManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), OutputJson.Options)
                       ?? throw new ResultStoreException($"{path}: empty manifest.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or DecoderFallbackException)
        {
            throw new ResultStoreException($"{path}: not a valid manifest ({e.Message}).");
        }
        if (RunFileChecks.Problem(manifest) is { } problem)
            throw new ResultStoreException($"{path}: not a valid manifest ({problem}).");
        return manifest;
    }

    /// <summary>Finished users of a cell whose record carries <paramref name="signature"/>; others are ignored.</summary>
    public IReadOnlyDictionary<string, UserRecord> Finished(string task, string cell, string signature)
    {
        var result = new Dictionary<string, UserRecord>(StringComparer.Ordinal);
        string dir = CellFolder(task, cell);
        if (!Directory.Exists(dir))
            return result;
        foreach (string file in Directory.EnumerateFiles(dir, "*.json"))
        {
            var record = ReadRecord(file);
            if (record.Signature == signature)
                result[record.UserId] = record;
        }
        return result;
    }

    /// <summary>A record as written by <see cref="Write"/>: valid JSON with every field, and content matching its
    /// checksum — an edited record is refused rather than reported as a result (records written before checksums are
    /// read as they are).</summary>
    private static UserRecord ReadRecord(string file)
    {
        string Bad(string why) => $"{file}: not a valid user record ({why}); delete it to redo that user.";
        UserRecord record;
        string? checksum;
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(file)) as JsonObject ?? throw new ResultStoreException(Bad("not a JSON object"));
            checksum = node.Remove(ChecksumKey, out var stored) ? stored?.GetValue<string>() : null;
            record = node.Deserialize<UserRecord>(OutputJson.Options) ?? throw new ResultStoreException(Bad("empty"));
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException or FormatException
                                      or DecoderFallbackException)
        {
            throw new ResultStoreException(Bad(e.Message));
        }
        if (RunFileChecks.Problem(record) is { } problem)
            throw new ResultStoreException(Bad(problem));
        if (checksum is not null && checksum != Sign(JsonSerializer.Serialize(record, OutputJson.Options)))
            throw new ResultStoreException($"{file}: the record was edited after it was written (its checksum does not match); delete it to redo that user.");
        return record;
    }

    /// <summary>Writes a record with a checksum of its content, so a hand-edited record is never reused as a result.</summary>
    public void Write(UserRecord record)
    {
        string json = JsonSerializer.Serialize(record, OutputJson.Options);
        var node = JsonNode.Parse(json)!.AsObject();
        node[ChecksumKey] = Sign(json);
        AtomicFile.WriteAllText(Path.Combine(CellFolder(record.Task, record.Cell), AdapterStore.UserFolder(record.UserId) + ".json"),
            node.ToJsonString(OutputJson.Options) + "\n");
    }

    private const string ChecksumKey = "checksum";

    public string CellFolder(string task, string cell) => Path.Combine(Folder, "records", task, cell);

    /// <summary>A short stable hash of the canonical text of what a result depends on.</summary>
    public static string Sign(string canonical) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16];
}

/// <summary>A run folder that cannot be used as asked.</summary>
public sealed class ResultStoreException(string message) : Exception(message);
