namespace PeftU.Testing;

/// <summary>A unique folder path under the system temp folder, created by whoever writes there first (tests check that
/// nothing was created, too) and deleted with everything in it on dispose.</summary>
public sealed class TempFolder(string prefix) : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
