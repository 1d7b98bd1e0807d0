using PeftU.Core.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Inference;

/// <summary>The log-probability of each target token under the head (fp32 <c>[tokens]</c>), from the decoder's hidden
/// states at those tokens (<c>[tokens, d_model]</c>), a few tokens at a time, with a backward of its own.
/// Through plain autograd the 32,128-way head kept three vocabulary-wide tensors per token from the forward to the end
/// of the pass (the logits in the compute dtype and in fp32, and the log-softmax autograd saves) and made three more in
/// the backward (the one-hot gradient, log-softmax's gradient and its cast): on <c>peftu-tiny</c> with demo prompts that
/// was most of a step's memory traffic and of its peak memory, faulted in fresh when a larger batch came. Here the
/// forward keeps only the hidden states and the ids, and the backward recomputes each chunk's logits (one small GEMM) and writes <c>g · (onehot − softmax)</c> in place.
/// The chunk's tensors stay a few MiB (up to 16 on wide models), reused from one chunk to the next. Same formula as autograd's
/// (log_softmax backward), same casts and products through the head (<see cref="T5Model.LogitsInputGrad"/>):
/// docs/architecture.md §3.</summary>
public sealed class TargetLogProbs : autograd.SingleTensorFunction<TargetLogProbs>
{
    /// <summary>Bytes of one chunk's fp32 logits, from 4 MiB up to 16 MiB as d_model grows. On a narrow model the GEMMs
    /// are negligible and the chunk should stay in a last-level cache between the passes over it; on a wide one the
    /// chunk's GEMMs (the backward recomputes the logits) decide, and must not be short ones. At flan-t5-base's
    /// d_model 768 a 4 MiB chunk is 32 tokens, and the head and loss over 64×8 bf16 tokens took 257 ms against 167 ms
    /// with 16 MiB (benchmarks/README.md, profile).</summary>
    private const long SmallChunkBytes = 4L << 20, LargeChunkBytes = 16L << 20, SmallModelWidth = 192;

    private const string ModelKey = "model";

    public override string Name => nameof(TargetLogProbs);

    /// <summary>Log-probabilities of <paramref name="ids"/> (int64 <c>[tokens]</c>) at <paramref name="hidden"/>; differentiable
    /// w.r.t. <paramref name="hidden"/> when it requires grad and grad mode is on.</summary>
    public static Tensor Of(T5Model model, Tensor hidden, Tensor ids) =>
        hidden.requires_grad && is_grad_enabled() ? apply(hidden, model, ids) : Forward(model, hidden, ids);

    /// <summary>Tokens per chunk for a vocabulary size and model width.</summary>
    public static long ChunkTokens(long vocabSize, long dModel)
    {
        long bytes = Math.Clamp(SmallChunkBytes * dModel / SmallModelWidth, SmallChunkBytes, LargeChunkBytes);
        return Math.Max(1, bytes / (4 * Math.Max(1, vocabSize)));
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (hidden, model, ids) = ((Tensor)vars[0], (T5Model)vars[1], (Tensor)vars[2]);
        var result = Forward(model, hidden, ids);
        ctx.save_for_backward([hidden, ids]);
        ctx.save_data(ModelKey, model);
        return ctx.KeepReturned(result);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        var (hidden, ids) = (saved[0], saved[1]);
        var model = (T5Model)ctx.get_data(ModelKey);
        var grad = empty_like(hidden);
        ForEachChunk(model, hidden, (start, length) =>
        {
            var logits = model.Logits(hidden.narrow(0, start, length));
            // d log p(id) / d logits = onehot(id) − softmax, times the upstream gradient g, written over the softmax:
            // −g·p everywhere, then + g at the target (the order log_softmax's backward rounds in).
            var probs = nn.functional.softmax(logits, 1);
            logits.Dispose();
            var upstream = grad_output.narrow(0, start, length).unsqueeze(1);
            probs.mul_(upstream.neg());
            probs.scatter_add_(1, ids.narrow(0, start, length).unsqueeze(1), upstream);
            grad.narrow(0, start, length).copy_(model.LogitsInputGrad(probs));
        });
        return [ctx.KeepReturned(grad), null!, null!];
    }

    /// <summary>The forward alone (no graph): each chunk's fp32 logits, log-softmax and the target's entry.</summary>
    private static Tensor Forward(T5Model model, Tensor hidden, Tensor ids)
    {
        var result = empty(hidden.shape[0], dtype: ScalarType.Float32, device: hidden.device);
        ForEachChunk(model, hidden, (start, length) =>
        {
            var logProbs = nn.functional.log_softmax(model.Logits(hidden.narrow(0, start, length)), 1);
            result.narrow(0, start, length).copy_(logProbs.gather(1, ids.narrow(0, start, length).unsqueeze(1)).squeeze(1));
        });
        return result;
    }

    /// <summary>Runs <paramref name="chunk"/> over consecutive token ranges, freeing what each made before the next.</summary>
    private static void ForEachChunk(T5Model model, Tensor hidden, Action<long, long> chunk)
    {
        long tokens = hidden.shape[0], size = ChunkTokens(model.Config.VocabSize, model.Config.DModel);
        for (long start = 0; start < tokens; start += size)
        {
            using var scope = NewDisposeScope();
            chunk(start, Math.Min(size, tokens - start));
        }
    }
}
