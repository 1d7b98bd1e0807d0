namespace PeftU.Host.Cli;

/// <summary>Checks an output path before a command does any work (loads a backbone, prepares data), so a path that is a
/// file, lies under a file, is empty or cannot be written fails at once with one line — and nothing is created to find
/// out (writability is probed in the nearest existing folder with a file deleted on close).</summary>
internal static class OutputPaths
{
    /// <summary>A folder that exists or can be created; its full path.</summary>
    public static string Folder(string? path, string option)
    {
        string full = NotEmpty(path, option);
        if (System.IO.File.Exists(full))
            throw new UserFacingException($"{option} {path} is a file, not a folder.");
        CheckAncestors(full, path!, option);
        return full;
    }

    /// <summary>A file that can be written (its folder exists or can be created); its full path.</summary>
    public static string File(string? path, string option)
    {
        string full = NotEmpty(path, option);
        if (Directory.Exists(full))
            throw new UserFacingException($"{option} {path} is a folder, not a file.");
        CheckAncestors(Path.GetDirectoryName(full)!, path!, option);
        return full;
    }

    private static string NotEmpty(string? path, string option) =>
        string.IsNullOrWhiteSpace(path) ? throw new UsageException($"{option} is empty; give a path.") : Path.GetFullPath(path);

    private static void CheckAncestors(string folder, string given, string option)
    {
        string? existing = folder;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (System.IO.File.Exists(existing))
                throw new UserFacingException($"{option} {given}: {existing} is a file, not a folder.");
            existing = Path.GetDirectoryName(existing);
        }
        if (existing is null)
            return;
        try
        {
            using var probe = new FileStream(Path.Combine(existing, $".peftu-write-probe-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write,
                FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"{option} {given}: cannot write there ({existing}: {e.Message}).");
        }
    }
}
