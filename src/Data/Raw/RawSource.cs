namespace PeftU.Data.Raw;

/// <summary>Where a task's raw files sit in the original repository (<c>data/&lt;Folder&gt;/</c>), which of them must be
/// there (each entry: alternatives, one is enough) and its reader, which takes the folder or — readers that take one
/// file only — <see cref="Entry"/> in it. <see cref="UnorderedLabels"/>: the original's label order within a sample is
/// not reproducible (it comes from a Python set), so comparisons treat a sample's labels as a set.</summary>
public sealed record RawSource(string Task, string Folder, IReadOnlyList<string[]> Required, string? Entry, Func<string, RawAnnotations> Reader,
    bool UnorderedLabels = false)
{
    /// <summary>Reads the task's raw folder or file.</summary>
    public RawAnnotations Read(string rawPath) =>
        Reader(Entry is not null && Directory.Exists(rawPath) ? System.IO.Path.Combine(rawPath, Entry) : rawPath);

    /// <summary>Why <paramref name="folder"/> cannot be prepared (a missing folder or file), or null when it can.</summary>
    public string? Missing(string folder)
    {
        if (!Directory.Exists(folder))
            return $"no folder {Folder}/";
        var absent = Required.FirstOrDefault(alternatives => !alternatives.Any(f => File.Exists(System.IO.Path.Combine(folder, f))));
        return absent is null ? null : $"{Folder}/{string.Join(" or ", absent)} is missing";
    }
}
