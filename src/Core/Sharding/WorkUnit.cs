using System.Globalization;

namespace PeftU.Core.Sharding;

/// <summary>The smallest piece of a run a shard takes: one bank of one task × method cell, cut exactly as an unsharded
/// run cuts it, with its share of the cell's estimated backbone FLOPs.</summary>
public sealed record WorkUnit(string Task, string Cell, int Bank, IReadOnlyList<string> Users, double Flops)
{
    /// <summary><c>task/cell#bank</c>, as plans, status files and messages name a unit.</summary>
    public string Name => NameOf(Task, Cell, Bank);

    public static string NameOf(string task, string cell, int bank) => string.Create(CultureInfo.InvariantCulture, $"{task}/{cell}#{bank}");
}
