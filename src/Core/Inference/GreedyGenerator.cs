using PeftU.Abstractions.Backbone;
using PeftU.Core.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Inference;

/// <summary>Batched greedy decoding: the encoder runs once, the decoder extends a key/value cache one token per step.
/// A row that has emitted EOS emits pad from then on; decoding stops when every row is done or after
/// <c>maxNewTokens</c> steps.</summary>
public static class GreedyGenerator
{
    /// <returns>New token ids <c>[batch, maxNewTokens]</c> (start token excluded), pad-filled after each row's EOS.
    /// <paramref name="stopAtEos"/> false runs every step even when all rows are done (benchmarks).</returns>
    public static long[][] Generate(T5Model model, Tensor inputIds, Tensor attentionMask, int maxNewTokens, Tensor? userIndex = null, bool stopAtEos = true)
    {
        if (maxNewTokens < 1)
            throw new ArgumentOutOfRangeException(nameof(maxNewTokens), maxNewTokens, "max new tokens must be at least 1.");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var config = model.Config;
        long batch = inputIds.shape[0];
        var encoded = model.Encode(inputIds, attentionMask, userIndex);
        using var state = model.NewDecoderState();

        var next = full(batch, 1, TorchScalars.Of(config.DecoderStartTokenId), dtype: ScalarType.Int64, device: inputIds.device);
        var done = zeros(batch, dtype: ScalarType.Bool, device: inputIds.device);
        var steps = new List<Tensor>();
        for (int step = 0; step < maxNewTokens; step++)
        {
            using var stepScope = NewDisposeScope();
            var logits = model.Decode(next, encoded, userIndex, state);
            var token = logits[.., -1, ..].argmax(-1);
            token = where(done, full_like(token, TorchScalars.Of(config.PadTokenId)), token);
            done = done.logical_or(token.eq(TorchScalars.Of(config.EosTokenId)));
            next = token.unsqueeze(1);
            steps.Add(token.cpu());
            stepScope.MoveToOuter(next, done, steps[^1]);
            if (stopAtEos && done.all().item<bool>())
                break;
        }
        var result = stack(steps, 1);
        var flat = result.data<long>().ToArray();
        int width = (int)result.shape[1];
        return Enumerable.Range(0, (int)batch)
            .Select(r => flat.AsSpan(r * width, width).ToArray().Concat(Enumerable.Repeat((long)config.PadTokenId, maxNewTokens - width)).ToArray())
            .ToArray();
    }
}
