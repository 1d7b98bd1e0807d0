using System.Globalization;

namespace PeftU.Core.Sharding;

/// <summary>Which shards of a run have not finished, in words for reports: per shard count N seen in the folder, the
/// indices that never started, are still running (or were killed while running) or failed.</summary>
public static class ShardProgress
{
    public static IReadOnlyList<string> Unfinished(IReadOnlyList<ShardStatus> statuses)
    {
        var lines = new List<string>();
        var c = CultureInfo.InvariantCulture;
        foreach (var group in statuses.GroupBy(s => s.Shards).OrderBy(g => g.Key))
        {
            int n = group.Key;
            var byIndex = group.ToDictionary(s => s.Shard);
            var missing = Enumerable.Range(0, n).Where(i => !byIndex.ContainsKey(i)).ToList();
            var open = group.Where(s => s.State != ShardStatus.Done).ToList();
            if (missing.Count == 0 && open.Count == 0)
                continue;
            var parts = new List<string>();
            int done = group.Count(s => s.State == ShardStatus.Done);
            parts.Add(string.Create(c, $"{done} of {n} shards done"));
            if (missing.Count > 0)
                parts.Add("not started: " + string.Join(", ", missing.Select(i => i.ToString(c))));
            foreach (var s in open)
            {
                parts.Add(s.State switch
                {
                    ShardStatus.Failed => string.Create(c, $"shard {s.Shard} failed on {s.Host} at {s.Ended:u}"),
                    ShardStatus.Stopped => string.Create(c, $"shard {s.Shard} stopped on {s.Host} at {s.Ended:u}"),
                    _ => string.Create(c, $"shard {s.Shard} running on {s.Host} (pid {s.Pid}) since {s.Started:u}, or killed there"),
                });
            }
            lines.Add(string.Join("; ", parts));
        }
        return lines;
    }

    /// <summary>True when every shard of every shard count seen has finished (and at least one status exists).</summary>
    public static bool AllDone(IReadOnlyList<ShardStatus> statuses) => statuses.Count > 0 && Unfinished(statuses).Count == 0;
}
