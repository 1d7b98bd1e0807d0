using PeftU.Abstractions.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>T5 attention between the projections (HF <c>T5Attention.forward</c>): <b>unscaled</b> scores q·kᵀ plus the
/// position bias and mask, softmax, dropout on the weights, weights·v, heads merged. Everything stays in the compute
/// dtype, as HF's own bf16 forward adds the bias in bf16; torch's bf16 softmax accumulates in fp32 itself, so no fp32
/// copy of the scores is made (docs/architecture.md §4).</summary>
internal static class T5AttentionCore
{
    /// <param name="query">Queries <c>[batch, heads, queries, d_kv]</c>.</param>
    /// <param name="keys">Keys <c>[batch, heads, keys, d_kv]</c>, any prefix included.</param>
    /// <param name="values">Values, shaped as the keys.</param>
    /// <param name="additive">Position bias plus mask in the queries' dtype, broadcastable to <c>[batch, heads, queries, keys]</c>.</param>
    /// <param name="dropout">Dropout of the attention weights (the identity in eval mode).</param>
    /// <returns>The heads merged: <c>[batch, queries, heads · d_kv]</c>.</returns>
    public static Tensor Attend(Tensor query, Tensor keys, Tensor values, Tensor additive, Func<Tensor, Tensor> dropout)
    {
        long batch = query.shape[0], heads = query.shape[1], queries = query.shape[2], dKv = query.shape[3];
        // In place: matmul's backward needs its inputs, not its output.
        var scores = matmul(query, keys.transpose(2, 3)).PlusInPlace(additive);
        var weights = dropout(nn.functional.softmax(scores, -1));
        return matmul(weights, values).transpose(1, 2).reshape(batch, queries, heads * dKv);
    }
}
