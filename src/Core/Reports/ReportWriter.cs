using PeftU.Abstractions.IO;
using PeftU.Core.Results;

namespace PeftU.Core.Reports;

/// <summary>Writes a run folder's reports from its manifest and records alone (so <c>peftu report DIR</c> regenerates
/// them anywhere): report.md, results.json, results.csv and the PNG plots, each atomically.</summary>
public static class ReportWriter
{
    public static IReadOnlyList<string> Write(ResultStore store) => Write(store, out _);

    /// <summary>Writes the reports and says what the folder still lacks (incomplete cells, unfinished shards).</summary>
    public static IReadOnlyList<string> Write(ResultStore store, out RunProgress progress)
    {
        var (manifest, cells) = CellResult.Load(store);
        progress = RunProgress.Of(store.Folder, cells);
        var plots = PlotWriter.Write(store.Folder, cells);
        AtomicFile.WriteAllText(Path.Combine(store.Folder, "report.md"), MarkdownReport.Write(manifest, cells, plots, progress.UnfinishedShards));
        AtomicFile.WriteAllText(Path.Combine(store.Folder, "results.json"), JsonReport.Write(manifest, cells));
        AtomicFile.WriteAllText(Path.Combine(store.Folder, "results.csv"), CsvReport.Write(manifest, cells));
        return ["report.md", "results.json", "results.csv", .. plots];
    }
}
