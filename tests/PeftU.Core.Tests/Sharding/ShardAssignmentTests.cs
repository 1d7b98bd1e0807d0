using PeftU.Core.Sharding;

namespace PeftU.Core.Tests.Sharding;

/// <summary>The shard contract: every unit in exactly one shard, the same partition every time for a given N, loads
/// within list scheduling's bound (mean + largest unit), and <c>I/N</c> parsed strictly.</summary>
public sealed class ShardAssignmentTests
{
    /// <summary>Uneven units as a real plan has them: cells of different methods, a last bank smaller than the rest.</summary>
    private static List<WorkUnit> Units(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new WorkUnit($"task{i % 3}", $"method{i % 5}", i / 15, [$"u{i}"], Math.Round(random.NextDouble() * 1e12) + (i % 7 == 0 ? 5e12 : 0)))];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Every_unit_lands_in_exactly_one_shard_the_same_way_every_time_and_loads_are_balanced(int shards)
    {
        var units = Units(40, seed: shards);
        var shardOf = ShardAssignment.Assign(units, shards);
        Assert.Equal(shardOf, ShardAssignment.Assign([.. units], shards));  // stable: a recomputation in another process agrees
        var union = Enumerable.Range(0, shards).SelectMany(s => ShardAssignment.UnitsOf(units, new ShardSpec(s, shards))).ToList();
        Assert.Equal(units.Count, union.Count);
        Assert.Equal(units.Select(u => u.Name).Order(), union.Select(u => u.Name).Order());
        Assert.All(shardOf, s => Assert.InRange(s, 0, shards - 1));

        var loads = ShardAssignment.Loads(units, shards);
        double mean = units.Sum(u => u.Flops) / shards;
        Assert.All(loads, load => Assert.True(load <= mean + units.Max(u => u.Flops), $"load {load:E3} over mean {mean:E3} + largest unit"));
        if (shards > 1)
            Assert.True(loads.Max() / mean < 1.3, $"largest shard {loads.Max() / mean:F2}× the mean");
    }

    [Fact]
    public void Each_shard_keeps_its_units_in_run_order()
    {
        var units = Units(20, seed: 9);
        var mine = ShardAssignment.UnitsOf(units, new ShardSpec(1, 3));
        var positions = mine.Select(u => units.IndexOf(u)).ToList();
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void More_shards_than_units_leaves_the_rest_empty()
    {
        var units = Units(3, seed: 1);
        var loads = ShardAssignment.Loads(units, 5);
        Assert.Equal(3, loads.Count(l => l > 0));
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/4", 3, 4)]
    [InlineData("9999/10000", 9999, 10000)]
    public void Parses_I_of_N(string text, int index, int count) =>
        Assert.Equal(new ShardSpec(index, count), ShardSpec.TryParse(text, out _));

    [Theory]
    [InlineData("4/4", "the shard index must be 0 to 3")]
    [InlineData("1/0", "number of shards must be 1 to")]
    [InlineData("-1/4", "is not I/N")]
    [InlineData("1", "is not I/N")]
    [InlineData("a/b", "is not I/N")]
    [InlineData("1/4/2", "is not I/N")]
    [InlineData("", "is not I/N")]
    [InlineData("0/10001", "number of shards must be 1 to")]
    public void Refuses_what_is_not_I_of_N(string text, string why)
    {
        Assert.Null(ShardSpec.TryParse(text, out string error));
        Assert.Contains(why, error);
    }
}
