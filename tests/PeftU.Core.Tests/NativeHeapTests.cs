using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace PeftU.Core.Tests;

/// <summary>TorchRuntime's native-heap setting (docs/architecture.md §4): large tensors come from glibc's heap, which
/// keeps freed blocks for reuse, not from mappings of their own that are faulted in afresh every step. glibc's
/// counters are the process's, so the test runs alone: other tests' tensors would move them meanwhile.</summary>
[Collection(NativeHeapCollection.Name)]
public sealed class NativeHeapTests
{
    public NativeHeapTests() => TorchRuntime.Initialize();

    [Fact]
    public void A_large_tensor_is_not_mapped_on_its_own_and_its_block_is_kept_after_it_is_freed()
    {
        Assert.True(OperatingSystem.IsLinux(), "the setting is glibc's; these tests run on Linux");
        // Earlier tests' undisposed tensors are freed by the finalizer thread: finish that first, or it frees native
        // blocks between the two readings (CI: 10 MB less in use than the tensor added).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = MallInfo2();
        // 40 MB: above glibc's largest mapping threshold (32 MB), so mapped on its own without the setting, and below
        // the 64 MB that a thread heap other than the main one can hold (the test runner's threads have such heaps).
        Info during;
        using (var tensor = ones(40L << 20 >> 2))
        {
            during = MallInfo2();
            Assert.Equal(before.Hblkhd, during.Hblkhd); // no new mapping
            // Within 1 MB: small blocks of the runtime come and go meanwhile; a mapped block would add nothing here.
            Assert.True(during.Uordblks >= before.Uordblks + (39UL << 20), $"the block is not in the heap: {during.Uordblks} vs {before.Uordblks}");
        }
        var after = MallInfo2();
        Assert.True(after.Arena >= during.Arena, $"the freed block was given back: heap {after.Arena} bytes, {during.Arena} with the tensor");
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Info
    {
        public readonly nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern Info MallInfo2();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeHeapCollection
{
    public const string Name = "native heap (runs alone)";
}
