namespace PeftU.Data.Raw;

/// <summary>Where a task's raw files sit in the original repository (<c>data/&lt;Folder&gt;/</c>), which of them must be
/// there (each entry: alternatives, one is enough), what its preparer is given (<see cref="Entry"/>, a file in the
/// folder, or the folder itself when null) and how it reads them.</summary>
public sealed record RawSource(string Task, string Folder, IReadOnlyList<string[]> Required, string? Entry, Func<string, RawAnnotations> Read)
{
    /// <summary>The path to give <see cref="Read"/> for the task folder <paramref name="folder"/>.</summary>
    public string PathIn(string folder) => Entry is null ? folder : System.IO.Path.Combine(folder, Entry);

    /// <summary>Why <paramref name="folder"/> cannot be prepared (a missing folder or file), or null when it can.</summary>
    public string? Missing(string folder)
    {
        if (!Directory.Exists(folder))
            return $"no folder {Folder}/";
        var absent = Required.FirstOrDefault(alternatives => !alternatives.Any(f => File.Exists(System.IO.Path.Combine(folder, f))));
        return absent is null ? null : $"{Folder}/{string.Join(" or ", absent)} is missing";
    }
}
