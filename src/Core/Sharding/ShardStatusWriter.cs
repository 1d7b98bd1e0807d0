namespace PeftU.Core.Sharding;

/// <summary>Keeps a shard's status file: <c>running</c> from construction, <c>done</c> on <see cref="Finish"/>,
/// <c>stopped</c> on <see cref="Stop"/>, <c>failed</c> when disposed otherwise unfinished (an error; a SIGKILL leaves
/// <c>running</c>).</summary>
public sealed class ShardStatusWriter : IDisposable
{
    private readonly string _folder;
    private ShardStatus _status;
    private bool _ended;

    public ShardStatusWriter(string runFolder, ShardSpec shard, IReadOnlyList<WorkUnit> units)
    {
        _folder = runFolder;
        _status = new ShardStatus(shard.Index, shard.Count, ShardStatus.Running, Environment.MachineName, Environment.ProcessId,
            DateTimeOffset.UtcNow, null, units.Sum(u => u.Flops), [.. units.Select(u => u.Name)]);
        ShardStatusFiles.Write(_folder, _status);
    }

    public void Finish() => End(ShardStatus.Done);

    public void Stop() => End(ShardStatus.Stopped);

    public void Dispose() => End(ShardStatus.Failed);

    private void End(string state)
    {
        if (_ended)
            return;
        _ended = true;
        _status = _status with { State = state, Ended = DateTimeOffset.UtcNow };
        ShardStatusFiles.Write(_folder, _status);
    }
}
