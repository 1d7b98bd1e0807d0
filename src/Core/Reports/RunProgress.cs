using System.Globalization;
using PeftU.Core.Sharding;

namespace PeftU.Core.Reports;

/// <summary>What a run folder still lacks: its incomplete cells (<c>task/cell: done/planned users</c>) and, while any is
/// incomplete, the shards that have not finished. A complete folder has neither, however it was run.</summary>
public sealed record RunProgress(IReadOnlyList<string> IncompleteCells, IReadOnlyList<string> UnfinishedShards, IReadOnlyList<string> Problems)
{
    public bool Complete => IncompleteCells.Count == 0;

    public static RunProgress Of(string runFolder, IReadOnlyList<CellResult> cells)
    {
        var incomplete = cells.Where(c => !c.Complete)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Cell.Task}/{c.Cell.Cell}: {c.Records.Count}/{c.Cell.Users.Count} users")).ToList();
        var problems = new List<string>();
        var shards = incomplete.Count == 0 ? [] : ShardProgress.Unfinished(ShardStatusFiles.ReadAll(runFolder, problems));
        return new RunProgress(incomplete, shards, problems);
    }
}
