using System.Diagnostics;

namespace PeftU.Benchmarks;

/// <summary>Best-of-N wall time after one warm-up run (the minimum is the least noisy estimate on a shared machine).</summary>
internal static class Timing
{
    public static double BestSeconds(int repeats, Action action)
    {
        action();
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return best;
    }
}
