namespace PeftU.Testing;

/// <summary>Builds a Hugging Face hub cache folder as huggingface_hub lays it out: <c>models--{owner}--{name}/blobs/</c>
/// holds the files under content names, <c>snapshots/{commit}/</c> links to them (relative symlinks) and
/// <c>refs/main</c> names the commit.</summary>
public static class HfCacheLayout
{
    public static string AddModel(string cache, string repo, string sourceFolder, string commit, string? refName = "main")
    {
        string model = Path.Combine(cache, "models--" + repo.Replace("/", "--", StringComparison.Ordinal));
        string snapshot = Path.Combine(model, "snapshots", commit);
        Directory.CreateDirectory(Path.Combine(model, "blobs"));
        Directory.CreateDirectory(snapshot);
        foreach (var file in Directory.EnumerateFiles(sourceFolder).Where(f => !f.EndsWith(".json", StringComparison.Ordinal) || Path.GetFileName(f) == "config.json"))
        {
            // A blob is named by its content hash; a per-file stand-in keeps the layout without hashing large files.
            string blob = Path.Combine(model, "blobs", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(commit + Path.GetFileName(file)))));
            File.Copy(file, blob, overwrite: true);
            File.CreateSymbolicLink(Path.Combine(snapshot, Path.GetFileName(file)), Path.Combine("..", "..", "blobs", Path.GetFileName(blob)));
        }
        if (refName is not null)
        {
            Directory.CreateDirectory(Path.Combine(model, "refs"));
            File.WriteAllText(Path.Combine(model, "refs", refName), commit);
        }
        return snapshot;
    }
}
