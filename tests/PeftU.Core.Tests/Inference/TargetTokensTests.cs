using PeftU.Core.Backbone;
using PeftU.Core.Inference;
using PeftU.Core.Tests.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Tests.Inference;

/// <summary>The head at target positions only gives each row the summed log-probability, token count and gradient
/// that the padded vocabulary-wide path (<see cref="LabelScorer.TokenLogProbs"/> over every position) gives: with
/// targets of different lengths, repeated lists (label scoring), and token counts across the rounding granule.</summary>
public sealed class TargetTokensTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(3, 1)]
    [InlineData(40, 5)]   // 40 × 5 rows of up to 4 tokens: over the 256-token granule, and not a multiple of it
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

    [Fact]
    public void Token_counts_round_to_a_few_sizes_and_at_most_a_quarter_more()
    {
        var sizes = new HashSet<int>();
        for (int tokens = 1; tokens <= 4096; tokens++)
        {
            int rounded = TargetTokens.Rounded(tokens);
            Assert.InRange(rounded, tokens, tokens + tokens / 4);
            if (tokens <= 8)
                Assert.Equal(tokens, rounded);
            sizes.Add(rounded);
        }
        Assert.True(sizes.Count <= 4 * 13, $"{sizes.Count} sizes for 1..4096 tokens");
    }
}
