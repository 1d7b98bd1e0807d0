using PeftU.Abstractions.Backbone;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>T5's learned relative position bias, computed from the bucket table that block 0's self-attention owns
/// (HF <c>relative_attention_bias</c>) and shared by the stack's other blocks. Buckets follow HF
/// <c>_relative_position_bucket</c> exactly, with the same fp32 torch ops.</summary>
public sealed class RelativePositionBias(Embedding table, bool bidirectional, int numBuckets, int maxDistance)
{
    /// <summary>Bias <c>[1, heads, queries, keys]</c> in fp32. Key j sits at position j and query i at
    /// <paramref name="queryOffset"/> + i (a cache or a prefix moves queries forward, as HF's cached decoding does).
    /// The buckets depend on the lengths alone: they are computed on the CPU (a small integer table) and only the
    /// lookup runs on the table's device.</summary>
    public Tensor Compute(long queryLength, long keyLength, long queryOffset)
    {
        using var scope = NewDisposeScope();
        var context = arange(TorchScalars.Of(queryOffset), TorchScalars.Of(queryOffset + queryLength), dtype: ScalarType.Int64).unsqueeze(1);
        var memory = arange(TorchScalars.Of(0L), TorchScalars.Of(keyLength), dtype: ScalarType.Int64).unsqueeze(0);
        var values = table.weight![Bucket(memory - context).to(table.weight!.device)]; // [q, k, heads]
        return values.permute(2, 0, 1).unsqueeze(0).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    private Tensor Bucket(Tensor relativePosition)
    {
        int buckets = numBuckets;
        Tensor result = zeros_like(relativePosition);
        if (bidirectional)
        {
            buckets /= 2;
            result = result.Plus((relativePosition > TorchScalars.Of(0)).to(ScalarType.Int64) * TorchScalars.Of(buckets));
            relativePosition = relativePosition.abs();
        }
        else
        {
            relativePosition = -minimum(relativePosition, zeros_like(relativePosition));
        }
        int maxExact = buckets / 2;
        var isSmall = relativePosition < TorchScalars.Of(maxExact);
        // Same fp32 arithmetic and truncation as HF, so boundary distances land in the same bucket.
        var large = (relativePosition.to(ScalarType.Float32) / TorchScalars.Of(maxExact)).log()
                    / TorchScalars.Of((float)Math.Log(maxDistance / (double)maxExact)) * TorchScalars.Of(buckets - maxExact);
        var ifLarge = large.to(ScalarType.Int64).add(TorchScalars.Of(maxExact), TorchScalars.One);
        ifLarge = minimum(ifLarge, full_like(ifLarge, TorchScalars.Of(buckets - 1)));
        return result.Plus(where(isSmall, relativePosition, ifLarge));
    }
}
