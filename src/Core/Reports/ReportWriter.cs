using PeftU.Abstractions.IO;
using PeftU.Core.Results;

namespace PeftU.Core.Reports;

/// <summary>Writes a run folder's reports from its manifest and records alone (so <c>peftu report DIR</c> regenerates
/// them anywhere): report.md, results.json, results.csv and the PNG plots, each atomically, one writer at a time
/// (<see cref="ReportLock"/>).</summary>
public static class ReportWriter
{
    public static IReadOnlyList<string> Write(ResultStore store) => Write(store, out _);

    /// <summary>How long a writer waits for another one's report (seconds each, with plots).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>Writes the reports and says what the folder still lacks (incomplete cells, unfinished shards).</summary>
    public static IReadOnlyList<string> Write(ResultStore store, out RunProgress progress)
    {
        _ = store.ReadManifest();  // not a run folder: said before a lock file is left there
        using var held = ReportLock.Take(store.Folder, Patience);
        var (manifest, cells) = CellResult.Load(store);
        progress = RunProgress.Of(store.Folder, cells);
        var plots = PlotWriter.Write(store.Folder, cells);
        AtomicFile.WriteAllText(Path.Combine(store.Folder, "report.md"), MarkdownReport.Write(manifest, cells, plots, progress.UnfinishedShards));
        AtomicFile.WriteAllText(Path.Combine(store.Folder, "results.json"), JsonReport.Write(manifest, cells));
        AtomicFile.WriteAllText(Path.Combine(store.Folder, "results.csv"), CsvReport.Write(manifest, cells));
        return ["report.md", "results.json", "results.csv", .. plots];
    }
}
