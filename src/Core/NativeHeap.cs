using System.Runtime.InteropServices;

namespace PeftU.Core;

/// <summary>How glibc's malloc, which libtorch's CPU tensors come from, treats large blocks. By default it maps each
/// block above 32 MB (and, after frees, the top of its heap) fresh from the kernel and hands it back when freed, so
/// every training step faults in and zeroes its activations again: a quarter of a bf16 flan-t5-base step at 64×128
/// (benchmarks/README.md, profile). Kept, freed blocks are reused by the next step; resident memory then stays at its
/// peak instead of falling between steps, also in a long-lived <c>peftu serve</c>. <c>PEFTU_NATIVE_HEAP=system</c>
/// leaves glibc's defaults.</summary>
internal static class NativeHeap
{
    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MmapMax = -4;       // M_MMAP_MAX
    private const int ArenaMax = -8;      // M_ARENA_MAX

    public const string Variable = "PEFTU_NATIVE_HEAP";

    /// <summary>Applies the setting once per process; a no-op off glibc (musl, macOS, Windows).</summary>
    public static void Configure(string? setting)
    {
        if (!OperatingSystem.IsLinux() || string.Equals(setting, "system", StringComparison.OrdinalIgnoreCase))
            return;
        try
        {
            // No block is mapped on its own, and no further thread heap is made (they are at most 64 MB and map
            // anything larger regardless): threads made from now on share the heaps that exist, the main one first
            // for the thread calling this (the commands' main thread, where training runs). Free tops are kept up
            // to 2 GiB.
            _ = MallOpt(ArenaMax, 1);
            _ = MallOpt(MmapMax, 0);
            _ = MallOpt(TrimThreshold, int.MaxValue);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: its own defaults stay.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
}
