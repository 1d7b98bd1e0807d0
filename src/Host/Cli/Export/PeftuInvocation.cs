namespace PeftU.Host.Cli.Export;

/// <summary>How an exported job calls peftu: given with <c>--peftu</c>, else exactly as this process was started (the
/// apphost, or <c>dotnet peftu.dll</c> under <c>dotnet run</c>), so a cluster on the same shared file system runs this
/// very build.</summary>
internal static class PeftuInvocation
{
    public static IReadOnlyList<string> Words(string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
            return given.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string process = Environment.ProcessPath ?? "peftu";
        string dll = typeof(PeftuInvocation).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && dll.Length > 0 ? [process, dll] : [process];
    }
}
