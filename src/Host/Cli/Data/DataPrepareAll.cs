using PeftU.Abstractions;
using PeftU.Abstractions.Tasks;
using PeftU.Data.Format;
using PeftU.Data.Raw;
using PeftU.Host.Plugins;

namespace PeftU.Host.Cli.Data;

/// <summary><c>peftu data prepare --all --raw-root DIR --out DIR</c>: every task whose raw folder is under DIR (laid out
/// as the original repository's <c>data/</c>) is prepared into <c>OUT/&lt;task&gt;/user_data_leaked.json</c>; the others
/// are listed as skipped with the reason. A task whose raw data is bad is reported and writes nothing (each file is
/// written atomically); the rest still run, and the exit code says whether any failed.</summary>
internal static class DataPrepareAll
{
    public static int Run(CliContext context, PluginCatalog catalog, string rawRoot, string outDir)
    {
        if (!Directory.Exists(rawRoot))
            throw new UserFacingException($"--raw-root {rawRoot}: no such folder (give the original repository's data/ folder).");
        // A checkout's root holds data/: accept it too.
        if (!RawSources.All.Any(s => Directory.Exists(Path.Combine(rawRoot, s.Folder))) && Directory.Exists(Path.Combine(rawRoot, "data")))
            rawRoot = Path.Combine(rawRoot, "data");
        var taskIds = catalog.OfKind(PluginKind.Task).Select(p => p.Descriptor.Id).ToHashSet(StringComparer.Ordinal);
        int prepared = 0, failed = 0;
        foreach (var source in RawSources.All)
        {
            string folder = Path.Combine(rawRoot, source.Folder);
            string? skip = !taskIds.Contains(source.Task) ? "no task plugin for it is loaded" : source.Missing(folder);
            if (skip is not null)
            {
                context.Out.WriteLine($"skipped   {source.Task}: {skip}");
                continue;
            }
            try
            {
                var task = PluginLookup.Create<IPeftTask>(catalog, PluginKind.Task, source.Task);
                var dataset = task.Prepare(folder);
                string path = Path.Combine(outDir, source.Task, "user_data_leaked.json");
                UserDataWriter.Write(path, dataset);
                context.Out.WriteLine($"prepared  {source.Task}: {dataset.Users.Count} users, {dataset.Users.Sum(u => u.Count)} samples -> {path}");
                prepared++;
            }
            catch (Exception e) when (e is DataFormatException or TaskDataException)
            {
                context.Error.WriteLine($"failed    {source.Task}: {e.Message}");
                failed++;
            }
        }
        context.Out.WriteLine($"{prepared} prepared, {failed} failed, {RawSources.All.Count - prepared - failed} skipped");
        return failed == 0 && prepared > 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
