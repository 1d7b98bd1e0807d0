using PeftU.Core.Adapters;
using PeftU.Core.Results;

namespace PeftU.Host.Cli;

/// <summary>After a run with <c>--save-adapters</c>: the users whose record came from an earlier run without saved
/// modules. They are not retrained (their results stand), so nothing can be saved for them; saying nothing would leave
/// the user thinking every module was saved.</summary>
internal static class UnsavedAdapters
{
    /// <summary>One line per cell with such users (none when every trained user's module is on disk).</summary>
    public static IReadOnlyList<string> Describe(ResultStore store)
    {
        var lines = new List<string>();
        foreach (var cell in store.ReadManifest().Cells.Where(c => c.TrainableParams > 0))
        {
            string folder = Path.Combine(store.Folder, "adapters", cell.Task, cell.Cell);
            var unsaved = store.Finished(cell.Task, cell.Cell, cell.Signature).Keys
                .Where(user => !Directory.Exists(Path.Combine(folder, AdapterStore.UserFolder(user)))).ToList();
            if (unsaved.Count > 0)
            {
                lines.Add($"--save-adapters: {unsaved.Count} users of {cell.Task}/{cell.Cell} were finished by an earlier run that did not save " +
                          "their modules, and are not retrained, so their modules are not saved; to save them, run with --out on a new folder");
            }
        }
        return lines;
    }
}
