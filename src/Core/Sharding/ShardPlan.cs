using System.Globalization;
using System.Text;
using PeftU.Core.Experiments;

namespace PeftU.Core.Sharding;

/// <summary>What <c>peftu plan FILE --shards N</c> adds: each shard's units, estimated FLOPs, share of the whole and
/// time at the plan's rate.</summary>
public sealed record ShardPlan(int Shards, IReadOnlyList<WorkUnit> Units, int[] ShardOf)
{
    public static ShardPlan Of(ExperimentPlan plan, IReadOnlyList<CellCost> costs, int shards)
    {
        var units = WorkUnits.Of(plan, costs);
        return new ShardPlan(shards, units, ShardAssignment.Assign(units, shards));
    }

    public IReadOnlyList<WorkUnit> UnitsOf(int shard) => [.. Units.Where((_, i) => ShardOf[i] == shard)];

    /// <summary>Every shard's estimated FLOPs, by shard index.</summary>
    public double[] Loads => ShardAssignment.Loads(Units, ShardOf, Shards);

    /// <summary>The largest shard's estimate over the mean shard's: 1 is a perfect balance.</summary>
    public double Imbalance
    {
        get
        {
            double total = Units.Sum(u => u.Flops);
            return total == 0 ? 1 : Loads.Max() / (total / Shards);
        }
    }

    public string Markdown(PlanRate rate)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        double total = Units.Sum(u => u.Flops);
        text.AppendLine();
        text.AppendLine(c, $"## {Shards} shards");
        text.AppendLine();
        text.AppendLine(c, $"{Units.Count} units (one bank of one cell each), longest estimate first onto the least loaded shard; " +
                           $"the largest shard holds {Imbalance:0.00}× the mean shard's estimate.");
        text.AppendLine();
        text.AppendLine("| shard | units | estimated FLOPs | share | time ≥ | units (task/cell#bank) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---|");
        var loads = Loads;
        for (int s = 0; s < Shards; s++)
        {
            var mine = UnitsOf(s);
            double load = loads[s];
            string names = string.Join(", ", mine.Take(8).Select(u => u.Name)) + (mine.Count > 8 ? $", … {mine.Count - 8} more" : "");
            text.AppendLine(c, $"| {s} | {mine.Count} | {PlanWriter.Flops(load)} | {(total == 0 ? 0 : load / total):P1} | " +
                               $"{PlanWriter.Duration(load / rate.FlopsPerSecond)} | {(names.Length == 0 ? "—" : names)} |");
        }
        return text.ToString();
    }

    /// <summary>The shards as JSON-ready objects: index, units by name, estimated FLOPs.</summary>
    public IEnumerable<object> Json()
    {
        var loads = Loads;
        return Enumerable.Range(0, Shards).Select(s => new
        {
            shard = s,
            estimated_flops = loads[s],
            units = UnitsOf(s).Select(u => new { name = u.Name, task = u.Task, cell = u.Cell, bank = u.Bank, users = u.Users, estimated_flops = u.Flops }),
        });
    }
}
