using System.Globalization;

namespace PeftU.Core.Sharding;

/// <summary>Shard <see cref="Index"/> of <see cref="Count"/>, 0-based as <c>$SLURM_ARRAY_TASK_ID</c> and
/// <c>$JOB_COMPLETION_INDEX</c> give it. An unsharded run is shard 0 of 1.</summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    public const int MaxCount = 10_000;

    public static ShardSpec Whole => new(0, 1);

    public bool IsWhole => Count == 1;

    /// <summary>The shard's name in file names and messages: <c>2-of-4</c>.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Index}-of-{Count}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Parses <c>I/N</c>; null with <paramref name="error"/> when it is not one.</summary>
    public static ShardSpec? TryParse(string text, out string error)
    {
        error = "";
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int index) ||
            !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            error = $"'{text}' is not I/N (shard I of N, 0-based, e.g. 0/4 or $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)";
            return null;
        }
        if (count is < 1 or > MaxCount)
        {
            error = $"'{text}': the number of shards must be 1 to {MaxCount:N0}";
            return null;
        }
        if (index >= count)
        {
            error = $"'{text}': the shard index must be 0 to {count - 1} (0-based)";
            return null;
        }
        return new ShardSpec(index, count);
    }
}
