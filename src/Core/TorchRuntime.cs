using TorchSharp;

namespace PeftU.Core;

/// <summary>Process-wide torch set-up, done once before the first tensor: the native heap's reuse of freed blocks
/// (<see cref="NativeHeap"/>), thread count and a load check that turns TorchSharp's opaque native-load failure into a
/// message that names the likely cause.</summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static bool _initialized;

    /// <summary>Sets torch's intra-op threads (default: all cores) and verifies the native library loads.</summary>
    /// <exception cref="InvalidOperationException">libtorch could not be loaded; the message says why and what to do.</exception>
    public static void Initialize(int? threads = null)
    {
        lock (Gate)
        {
            if (_initialized)
                return;
            NativeHeap.Configure(Environment.GetEnvironmentVariable(NativeHeap.Variable));
            try
            {
                torch.set_num_threads(threads ?? Environment.ProcessorCount);
            }
            catch (TypeInitializationException e)
            {
                throw new InvalidOperationException(
                    "libtorch could not be loaded. On Debian 12 this is TorchSharp's GLIBCXX_3.4.32 requirement: rebuild so the " +
                    "build step in build/TorchNative.targets patches the output copy of libLibTorchSharp.so " +
                    "(inner error: " + (e.InnerException?.Message ?? e.Message) + ")", e);
            }
            _initialized = true;
        }
    }

    /// <summary>Torch intra-op thread count now in effect.</summary>
    public static int Threads => torch.get_num_threads();
}
