using System.Text;
using PeftU.Data;

namespace PeftU.Core.Training;

/// <summary>Each user's example order per epoch, seeded by (seed, user id, epoch) alone — never by the bank the user
/// is trained in — so a user sees the same batches alone and in any bank.</summary>
public static class EpochOrder
{
    public static IReadOnlyList<int> For(int seed, string userId, int epoch, int count)
    {
        var order = Enumerable.Range(0, count).ToList();
        new PythonRandom(Mix(seed, userId, epoch)).Shuffle(order);
        return order;
    }

    // FNV-1a over the user id's UTF-8 bytes: stable across processes and platforms (string.GetHashCode is not).
    internal static long Mix(int seed, string userId, int epoch)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(userId))
            hash = (hash ^ b) * 1099511628211UL;
        return (long)((hash ^ ((ulong)(uint)seed << 20) ^ (ulong)(uint)epoch) & 0x7FFF_FFFF_FFFF_FFFFUL);
    }
}
