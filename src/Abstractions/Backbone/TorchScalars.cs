using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Abstractions.Backbone;

/// <summary>Scalars that live as long as the process, for every constant a tensor op takes. TorchSharp hands a
/// <see cref="Scalar"/>'s native handle to libtorch without keeping the managed object alive, and an implicit conversion
/// (<c>x * 0.5</c>, the alpha 1 inside <c>a + b</c>) makes one that nothing else references: a garbage collection that
/// another thread starts during the native call (an HTTP request in <c>peftu serve</c>, anything allocating) can
/// finalize it, and libtorch reads freed memory ("Unknown scalar type", or a failed check in <c>toFloat</c>).
/// docs/architecture.md §4 has the rule; <c>GcStressTests</c> trains and scores under a thread that forces collections.
/// Each value is kept with its own type, so an int stays an int Scalar (type promotion unchanged).</summary>
public static class TorchScalars
{
    private static readonly ConcurrentDictionary<(Type, long), Scalar> Cache = new();

    /// <summary>The alpha of a plain addition.</summary>
    public static Scalar One { get; } = Of(1);

    private static Scalar Zero { get; } = Of(0.0);

    public static Scalar Of(int value) => Cache.GetOrAdd((typeof(int), value), _ => value.ToScalar());

    public static Scalar Of(long value) => Cache.GetOrAdd((typeof(long), value), _ => value.ToScalar());

    public static Scalar Of(float value) => Cache.GetOrAdd((typeof(float), BitConverter.SingleToInt32Bits(value)), _ => value.ToScalar());

    public static Scalar Of(double value) => Cache.GetOrAdd((typeof(double), BitConverter.DoubleToInt64Bits(value)), _ => value.ToScalar());

    /// <summary><c>a + b</c> with a rooted alpha (TorchSharp's <c>add(Tensor)</c> makes a temporary one).</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><c>a += b</c> in place, with a rooted alpha.</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, One);

    /// <summary>ReLU as <c>threshold(x, 0, 0)</c>, which has ReLU's gradient and, unlike <c>aten::relu</c>, runs on the
    /// meta device; with rooted scalars, where <c>nn.functional.threshold(x, 0, 0)</c> makes two temporary ones from
    /// its doubles (a collection during the call crashed <c>GcStressTests</c> in <c>toFloat</c>).</summary>
    public static Tensor Relu(this Tensor x) => x.threshold(Zero, Zero);

    /// <summary><c>1 − x</c> with rooted scalars (TorchSharp's <c>1.0 - x</c> makes temporary ones).</summary>
    public static Tensor OneMinus(this Tensor x) => x.negative().add(One, One);
}
