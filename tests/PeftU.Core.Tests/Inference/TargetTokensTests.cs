using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Inference;
using PeftU.Core.Tests.Backbone;
using PeftU.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Tests.Inference;

/// <summary>The head at target positions only gives each row the summed log-probability, token count and gradient
/// that the padded vocabulary-wide path (<see cref="LabelScorer.TokenLogProbs"/> over every position) gives: with
/// targets of different lengths, repeated lists (label scoring), and token counts across several of the head's chunks.</summary>
public sealed class TargetTokensTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(3, 1)]
    [InlineData(40, 5)]   // 40 × 3 × 5 rows of up to 4 tokens: many chunks of the head, and a tail
    public void Row_log_probs_equal_the_padded_full_vocabulary_path(int rowsPerLabel, int repeat)
    {
        using var backbone = TinyFlan.Load();
        var model = backbone.Model;
        int[][] labels = [[5, 6, 1], [7, 1], [9, 10, 11, 1]];
        var rowLabels = Enumerable.Range(0, labels.Length * rowsPerLabel).Select(i => labels[i % labels.Length]).ToList();
        var targets = new TargetTokens(rowLabels, model.Config.DecoderStartTokenId, CPU, repeat);
        var (fullInput, fullTargets) = LabelScorer.TeacherForcing([.. Enumerable.Repeat(rowLabels, repeat).SelectMany(l => l)], model.Config.DecoderStartTokenId, CPU);
        Assert.Equal(fullInput.data<long>().ToArray(), targets.DecoderInput.data<long>().ToArray());

        manual_seed(3);
        var hidden = randn(targets.Rows, targets.Width, model.Config.DModel).requires_grad_();
        var upstream = randn(targets.Rows);

        var expected = LabelScorer.TokenLogProbs(model.Logits(hidden), fullTargets).sum(1);
        var expectedGrad = autograd.grad([expected], [hidden], [upstream])[0];
        var actual = targets.RowLogProbs(model, hidden);
        var actualGrad = autograd.grad([actual], [hidden], [upstream])[0];

        Assert.Equal([targets.Rows], actual.shape);
        Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-4), $"max |Δ| = {(actual - expected).abs().max().item<float>()}");
        Assert.True(actualGrad.allclose(expectedGrad, rtol: 0, atol: 1e-6), $"max |Δ grad| = {(actualGrad - expectedGrad).abs().max().item<float>()}");
        Assert.Equal(fullTargets.ge(0).sum(1).to(ScalarType.Float32).data<float>().ToArray(), targets.Counts().data<float>().ToArray());
    }

    /// <summary>The chunked head with its own backward against plain autograd through the same head, in both compute
    /// dtypes, for an untied head (tiny-flan) and a tied one scaled by d_model^-0.5 (the bundled peftu-tiny), at token
    /// counts of zero, below, at and across a chunk's size (a tail chunk): same log-probabilities and the same gradient
    /// w.r.t. the hidden states (bf16: same casts and products, so within a few bf16 steps).</summary>
    [Theory]
    [InlineData("tiny-flan", BackboneDtype.Fp32, 0, 3)]
    [InlineData("tiny-flan", BackboneDtype.Fp32, 1, 0)]
    [InlineData("tiny-flan", BackboneDtype.Fp32, 2, 5)]
    [InlineData("tiny-flan", BackboneDtype.Bf16, 1, 7)]
    [InlineData("tiny-flan", BackboneDtype.Bf16, 3, 0)]
    [InlineData("peftu-tiny", BackboneDtype.Fp32, 1, 9)]
    [InlineData("peftu-tiny", BackboneDtype.Bf16, 2, 1)]
    [InlineData("peftu-tiny", BackboneDtype.Fp32, 0, 0)]
    public void The_chunked_head_gives_what_autograd_gives(string backboneName, BackboneDtype dtype, int chunks, int extra)
    {
        TorchRuntime.Initialize();
        using var backbone = backboneName == "tiny-flan"
            ? TinyFlan.Load(dtype)
            : T5CheckpointLoader.Load(Path.Combine(RepoPaths.Root, "models", "peftu-tiny"), dtype);
        var model = backbone.Model;
        Assert.Equal(backboneName == "peftu-tiny", model.Config.TieWordEmbeddings);
        long tokens = chunks * TargetLogProbs.ChunkTokens(model.Config.VocabSize, model.Config.DModel) + extra;
        manual_seed(11);
        var hidden = randn(tokens, model.Config.DModel).to(model.Dtype).requires_grad_();
        var ids = randint(model.Config.VocabSize, tokens);
        var upstream = randn(tokens);

        var expected = nn.functional.log_softmax(model.Logits(hidden), 1).gather(1, ids.unsqueeze(1)).squeeze(1);
        var expectedGrad = autograd.grad([expected], [hidden], [upstream])[0];
        var actual = TargetLogProbs.Of(model, hidden, ids);
        var actualGrad = autograd.grad([actual], [hidden], [upstream])[0];
        Tensor withoutGraph;
        using (no_grad())
            withoutGraph = TargetLogProbs.Of(model, hidden, ids);

        Assert.Equal(ScalarType.Float32, actual.dtype);
        Assert.Equal(model.Dtype, actualGrad.dtype);
        Assert.Equal(hidden.shape, actualGrad.shape);
        if (tokens == 0)
            return; // shapes and dtypes are all there is to compare
        Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-5), $"max |Δ| = {(actual - expected).abs().max().item<float>()}");
        Assert.True(withoutGraph.eq(actual).all().item<bool>(), "the forward without a graph differs from the one with it");
        // fp32: one rounding apart at most; bf16: the fp32 gradient of the logits differs in its last bits (softmax
        // against exp of log_softmax) before it is cast, so a bf16 element may round one step the other way.
        double tolerance = dtype == BackboneDtype.Fp32 ? 1e-6 : 1e-2 * expectedGrad.abs().max().to(ScalarType.Float32).item<float>();
        double worst = (actualGrad.to(ScalarType.Float32) - expectedGrad.to(ScalarType.Float32)).abs().max().item<float>();
        Assert.True(worst <= tolerance, $"max |Δ grad| = {worst} (tolerance {tolerance})");
    }
}
