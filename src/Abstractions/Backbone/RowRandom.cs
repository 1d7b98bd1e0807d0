using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Abstractions.Backbone;

/// <summary>Counter-based random draws keyed per batch row (docs/writing-a-method.md §6): element x of row r at
/// a site is a hash of (row key, site name, x's coordinates), computed with tensor ops on the tensor's device. A row's
/// key stands for (user, step, row within the user's batch), so a user's dropout masks are the same alone, in any bank,
/// in any shard and after a resume: batch mates cannot shift them, and neither can padding (coordinates, not flat
/// offsets, are hashed, so a longer padded length leaves the real positions' draws unchanged).</summary>
public sealed class RowRandom
{
    private const long Low32 = 0xFFFF_FFFFL;

    /// <summary>Per batch row, its key (int64 <c>[batch]</c>, values in [0, 2³²)).</summary>
    public Tensor Keys { get; }

    public RowRandom(Tensor keys)
    {
        if (keys.dim() != 1 || keys.dtype != ScalarType.Int64)
            throw new ArgumentException($"row keys must be int64 [batch], got {keys.dtype} [{string.Join(", ", keys.shape)}].", nameof(keys));
        Keys = keys;
    }

    /// <summary>Keys for rows that have no identity of their own (ad-hoc training calls): drawn from torch's global
    /// generator, so such calls behave like plain torch dropout.</summary>
    public static RowRandom FromGlobalGenerator(long batch, Device device) =>
        new(randint(0, 1L << 32, [batch], dtype: ScalarType.Int64).to(device));

    /// <summary>A row key from its identity: stable across processes and platforms.</summary>
    public static long Key(params long[] parts)
    {
        ulong h = 0x9E37_79B9_7F4A_7C15UL;
        foreach (long part in parts)
            h = SplitMix(h ^ (ulong)part);
        return (long)(h & Low32);
    }

    /// <summary>Uniform draws in [0, 1) of <paramref name="shape"/> (<c>[batch, ...]</c>), as fp32 (24-bit resolution).</summary>
    public Tensor Uniform(long[] shape, string site)
    {
        using var scope = NewDisposeScope();
        return (Bits(shape, site).bitwise_right_shift(8).to(ScalarType.Float32) * TorchScalars.Of(1.0f / (1 << 24))).MoveToOuterDisposeScope();
    }

    /// <summary>Inverted dropout with rate <paramref name="p"/> (as <c>torch.nn.functional.dropout</c> on the CPU: the
    /// input times a noise tensor of its own dtype that holds 0 or 1/(1−p)), drawn for <paramref name="site"/>. Dropout
    /// is a large share of a training step (benchmarks/README.md, profile), so its full-size work is three int32 passes
    /// (<see cref="KeepMask"/>), the noise, and one multiply forward and one backward.</summary>
    public Tensor Dropout(Tensor x, double p, string site)
    {
        if (p <= 0)
            return x;
        if (p >= 1 || Math.Round(p * 4294967296.0) >= 4294967296.0) // p within 2⁻³³ of 1 drops every element too
            return zeros_like(x);
        using var scope = NewDisposeScope();
        var noise = KeepMask(x.shape, site, p).to(x.dtype).mul_(TorchScalars.Of(1.0 / (1.0 - p)));
        return (x * noise).MoveToOuterDisposeScope();
    }

    /// <summary>True where an element is kept. The row key, site and leading coordinates are fully mixed at their
    /// (smaller) shapes, as are the last coordinates; at full size their xor is multiplied by an odd constant modulo 2³²
    /// (int32 products wrap on every torch backend; a test checks it against int64) and compared as a signed int32,
    /// whose high bits the multiply has mixed from every bit of both hashes: uniform over [−2³¹, 2³¹), so below
    /// −2³¹ + p·2³² (dropped) with probability p.</summary>
    private Tensor KeepMask(long[] shape, string site, double p)
    {
        var (leading, last) = Hashes(shape, site);
        var x = (Int32Bits(leading) ^ Int32Bits(last)).mul(TorchScalars.Of(0x7FEB_352D));
        return x.ge(TorchScalars.Of((int)(Math.Round(p * 4294967296.0) - 2147483648.0)));
    }

    /// <summary>Values in [0, 2³²) as the int32 with the same 32 bits (an explicit wrap, not a narrowing cast).</summary>
    private static Tensor Int32Bits(Tensor x) => (x - x.ge(TorchScalars.Of(1L << 31)).to(ScalarType.Int64) * TorchScalars.Of(1L << 32)).to(ScalarType.Int32);

    /// <summary>32 uniform bits per element: the row key, site and leading coordinates fully mixed at their (smaller)
    /// shapes, then the last coordinate's own mixed hash folded in by one multiply-xorshift round at full size.</summary>
    private Tensor Bits(long[] shape, string site)
    {
        var (h, last) = Hashes(shape, site);
        if (shape.Length == 1)
            return h;
        // Each dimension's coordinates carry their own multiplier, so (i, j) and (j, i) differ.
        var x = (h ^ last) * TorchScalars.Of(0x7FEB_352DL) & Low32;
        return x ^ x.bitwise_right_shift(15);
    }

    /// <summary>The hash of the row key, site and every coordinate but the last, at shape [batch, ..., 1], and the last
    /// coordinate's own hash at [1, ..., last] (the row's hash alone, for a 1-d shape, and a zero).</summary>
    private (Tensor Leading, Tensor Last) Hashes(long[] shape, string site)
    {
        if (shape.Length == 0 || shape[0] != Keys.shape[0])
            throw new ArgumentException($"{site}: draws of shape [{string.Join(", ", shape)}] for {Keys.shape[0]} rows.", nameof(shape));
        var device = Keys.device;
        int last = shape.Length - 1;
        long[] view = [shape[0], .. Enumerable.Repeat(1L, last)];
        var h = Mix(Keys.view(view) ^ SiteHash(site));
        for (int d = 1; d < last; d++)
            h = Mix(h ^ Coordinates(shape, d, device));
        return last == 0 ? (h, zeros_like(h)) : (h, Mix(Coordinates(shape, last, device)));
    }

    private static Tensor Coordinates(long[] shape, int d, Device device)
    {
        long[] along = Enumerable.Repeat(1L, shape.Length).ToArray();
        along[d] = shape[d];
        return (arange(TorchScalars.Of(shape[d]), dtype: ScalarType.Int64, device: device) * TorchScalars.Of(2 * d + 1))
            .add(TorchScalars.Of(0x632B_E5ABL * d), TorchScalars.One).view(along);
    }

    /// <summary>A 32-bit integer hash (xor-shift-multiply, constants below 2³¹ so int64 products never overflow).</summary>
    private static Tensor Mix(Tensor x)
    {
        x = x & Low32;
        x = x ^ x.bitwise_right_shift(16);
        x = (x * TorchScalars.Of(0x7FEB_352DL)) & Low32;
        x = x ^ x.bitwise_right_shift(15);
        x = (x * TorchScalars.Of(0x2C1B_3C6DL)) & Low32;
        return x ^ x.bitwise_right_shift(16);
    }

    /// <summary>FNV-1a of the site name, folded to 32 bits.</summary>
    private static long SiteHash(string site)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(site))
            hash = (hash ^ b) * 16777619;
        return hash;
    }

    private static ulong SplitMix(ulong z)
    {
        z += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
