namespace PeftU.Core.Sharding;

/// <summary>Which shard runs which unit: longest-estimate-first onto the least loaded shard (ties: the unit earlier in
/// run order, the lower shard). Deterministic for a given plan and N, so every shard computes the same partition
/// independently, with no coordinator; a shard's load exceeds the mean by at most the largest unit.</summary>
public static class ShardAssignment
{
    /// <summary>The shard of each unit, in the units' order.</summary>
    public static int[] Assign(IReadOnlyList<WorkUnit> units, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        var load = new double[shards];
        var shardOf = new int[units.Count];
        foreach (int unit in Enumerable.Range(0, units.Count).OrderByDescending(i => units[i].Flops).ThenBy(i => i))
        {
            int least = 0;
            for (int s = 1; s < shards; s++)
            {
                if (load[s] < load[least])
                    least = s;
            }
            shardOf[unit] = least;
            load[least] += units[unit].Flops;
        }
        return shardOf;
    }

    /// <summary>The units shard <paramref name="shard"/> runs, in run order.</summary>
    public static IReadOnlyList<WorkUnit> UnitsOf(IReadOnlyList<WorkUnit> units, ShardSpec shard)
    {
        var shardOf = Assign(units, shard.Count);
        return [.. units.Where((_, i) => shardOf[i] == shard.Index)];
    }

    /// <summary>Every shard's estimated FLOPs, by shard index.</summary>
    public static double[] Loads(IReadOnlyList<WorkUnit> units, int shards) => Loads(units, Assign(units, shards), shards);

    /// <summary>Every shard's estimated FLOPs under an assignment already made.</summary>
    public static double[] Loads(IReadOnlyList<WorkUnit> units, int[] shardOf, int shards)
    {
        var load = new double[shards];
        for (int i = 0; i < units.Count; i++)
            load[shardOf[i]] += units[i].Flops;
        return load;
    }
}
