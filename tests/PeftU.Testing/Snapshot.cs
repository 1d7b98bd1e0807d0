using System.Runtime.CompilerServices;

namespace PeftU.Testing;

/// <summary>Approval testing with approved files in the repo beside the tests (Verify.Xunit cannot be restored here;
/// call sites are Verify-shaped so switching is one change). A mismatch fails and leaves a .received file to compare.
/// Approving is explicit: PEFTU_ACCEPT_SNAPSHOTS=1 outside CI; with CI=true nothing is ever accepted.</summary>
public static class Snapshot
{
    public static Task Verify(string actual, string extension = "txt", string? name = null,
        [CallerFilePath] string sourceFile = "", [CallerMemberName] string member = "")
    {
        string folder = Path.Combine(Path.GetDirectoryName(sourceFile)!, "Snapshots");
        string stem = $"{Path.GetFileNameWithoutExtension(sourceFile)}.{name ?? member}";
        string approvedPath = Path.Combine(folder, $"{stem}.approved.{extension}");
        string receivedPath = Path.Combine(folder, $"{stem}.received.{extension}");
        string normalized = Normalize(actual);

        string? approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : null;
        if (approved == normalized)
        {
            if (File.Exists(receivedPath))
                File.Delete(receivedPath);
            return Task.CompletedTask;
        }

        Directory.CreateDirectory(folder);
        if (CanAccept)
        {
            File.WriteAllText(approvedPath, normalized);
            return Task.CompletedTask;
        }
        File.WriteAllText(receivedPath, normalized);
        string reason = approved is null
            ? $"No approved snapshot {approvedPath}."
            : $"Snapshot differs from {approvedPath} at {FirstDifference(approved, normalized)}.";
        throw new SnapshotMismatchException(
            $"{reason} Received: {receivedPath}. Review it; to approve, rename it to .approved or rerun with PEFTU_ACCEPT_SNAPSHOTS=1 (never in CI).");
    }

    private static bool CanAccept =>
        Environment.GetEnvironmentVariable("PEFTU_ACCEPT_SNAPSHOTS") == "1" &&
        !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd('\n') + "\n";

    private static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "<end>";
            string al = i < a.Length ? a[i] : "<end>";
            if (el != al)
                return $"line {i + 1}: expected «{el}» but got «{al}»";
        }
        return "(whitespace only)";
    }
}

public sealed class SnapshotMismatchException(string message) : Exception(message);
