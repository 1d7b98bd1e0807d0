namespace PeftU.Core.Sharding;

/// <summary>What one shard says of itself in <c>shards/I-of-N.json</c>: <c>running</c> from its start (a shard killed
/// mid-run stays so), <c>done</c> when all its units are recorded, <c>stopped</c> after Ctrl-C or a scheduler's SIGTERM,
/// <c>failed</c> when it stopped on an error.
/// Reports read these to say which shards have not finished; results never depend on them.</summary>
public sealed record ShardStatus(
    int Shard,
    int Shards,
    string State,
    string Host,
    int Pid,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    double EstimatedFlops,
    IReadOnlyList<string> Units)
{
    public const string Running = "running";
    public const string Done = "done";
    public const string Stopped = "stopped";
    public const string Failed = "failed";

    public ShardSpec Spec => new(Shard, Shards);
}
