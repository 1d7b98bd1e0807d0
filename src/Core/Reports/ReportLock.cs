using PeftU.Core.Results;

namespace PeftU.Core.Reports;

/// <summary>Serializes report writes in one run folder: an exclusive advisory lock on <c>report.lock</c>, held while the
/// records are read and the reports written. Shards finishing together (and <c>peftu report</c> beside them) would
/// otherwise race: a writer that read the records before another shard's last bank landed could rename its report over
/// the complete one. Every writer takes the lock after its own records are written, so the last to take it sees them
/// all. The file stays (deleting a lock file on close lets a third process lock a new file while a second holds the
/// old one).</summary>
public sealed class ReportLock : IDisposable
{
    public const string FileName = "report.lock";

    private readonly FileStream held;

    private ReportLock(FileStream held) => this.held = held;

    /// <summary>Waits for the lock; a report write takes seconds, so <paramref name="patience"/> running out means a
    /// writer is stuck (stopped, or on a file system without working locks), and is said so.</summary>
    public static ReportLock Take(string folder, TimeSpan patience)
    {
        string path = Path.Combine(folder, FileName);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new ReportLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1));
            }
            catch (IOException) when (waited.Elapsed < patience && File.Exists(path))
            {
                Thread.Sleep(25);  // held by another writer: wait for it
            }
            catch (IOException e)
            {
                throw new ResultStoreException(
                    $"{path}: another peftu process has been writing this folder's reports for {waited.Elapsed.TotalSeconds:0} s " +
                    $"({e.Message.TrimEnd('.')}); run `peftu report {folder}` once it has finished.");
            }
        }
    }

    public void Dispose() => held.Dispose();
}
