using PeftU.Testing;

namespace PeftU.Host.Tests.Sharding;

/// <summary>One unsharded run of <c>run-sharded.yaml</c> in a child process (one torch thread, as every shard), made
/// once for all sharded-run tests: what every sharded, requeued or exported run must report.</summary>
public sealed class ShardedBaseline : IDisposable
{
    private readonly TempFolder _temp = new("peftu-shards");
    private readonly Lazy<Task<string>> _whole;

    public ShardedBaseline() => _whole = new(async () =>
    {
        string folder = Path.Combine(_temp.Path, "whole");
        var (code, _, error) = await PeftuProcess.Run("run", Experiment, "--out", folder, "--plain");
        Assert.True(code == 0, error);
        return folder;
    });

    public static string Experiment => RunCommandTests.Experiment("run-sharded.yaml");

    /// <summary>The unsharded run's folder.</summary>
    public Task<string> Whole => _whole.Value;

    /// <summary>A fresh folder path for one test's run.</summary>
    public string NewFolder(string name) => Path.Combine(_temp.Path, name + "-" + Guid.NewGuid().ToString("N")[..6]);

    public void Dispose() => _temp.Dispose();
}

/// <summary>The tests that run <c>run-sharded.yaml</c>: one at a time (each starts several peftu processes), sharing
/// the unsharded baseline.</summary>
[CollectionDefinition(Name)]
public sealed class ShardedRunCollection : ICollectionFixture<ShardedBaseline>
{
    public const string Name = "sharded runs";
}
