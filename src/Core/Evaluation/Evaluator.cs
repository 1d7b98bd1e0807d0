using PeftU.Core.Backbone;
using PeftU.Core.Inference;
using PeftU.Core.Tokenization;
using static TorchSharp.torch;

namespace PeftU.Core.Evaluation;

/// <summary>Answers test prompts of many users in mixed batches (each row with its user's bank index): by label
/// scoring (the label with the highest teacher-forced log-likelihood, label + EOS) or by greedy generation parsed
/// leniently as the original does.</summary>
public sealed class Evaluator(T5Model model, T5Tokenizer tokenizer, int maxInputTokens = Evaluator.MaxInputTokens, int maxRows = 64, int padTo = 0)
{
    /// <summary>Inputs are truncated to this many tokens (EOS kept), as the original's tokenizer call.</summary>
    public const int MaxInputTokens = 512;

    /// <summary>Scores <paramref name="labels"/> for every prompt. Rows × labels decoder rows are kept under
    /// <c>maxRows</c> × 4 per pass, bounding the logits held at once.</summary>
    public IReadOnlyList<TestPrediction> Score(IReadOnlyList<(int User, string Prompt)> prompts, IReadOnlyList<string> labels)
    {
        var labelIds = labels.Select(tokenizer.Encode).ToArray();
        int rowsPerPass = Math.Max(1, maxRows * 4 / labels.Count);
        var result = new List<TestPrediction>(prompts.Count);
        foreach (var chunk in prompts.Chunk(rowsPerPass))
        {
            using var scope = NewDisposeScope();
            var (ids, mask, users) = Inputs(chunk);
            var scores = LabelScorer.Score(model, ids, mask, labelIds, users);
            var best = scores.ArgmaxSum();
            for (int r = 0; r < best.Length; r++)
            {
                var row = new double[labels.Count];
                for (int l = 0; l < row.Length; l++)
                    row[l] = scores.Sum[r, l];
                result.Add(new TestPrediction([labels[best[r]]], null) { Scores = row });
            }
        }
        return result;
    }

    /// <summary>Greedy generation of up to <paramref name="maxNewTokens"/> tokens, parsed by <paramref name="parse"/>.</summary>
    public IReadOnlyList<TestPrediction> Generate(IReadOnlyList<(int User, string Prompt)> prompts, int maxNewTokens, Func<string, IReadOnlyList<string>> parse)
    {
        var result = new List<TestPrediction>(prompts.Count);
        foreach (var chunk in prompts.Chunk(maxRows))
        {
            using var scope = NewDisposeScope();
            var (ids, mask, users) = Inputs(chunk);
            foreach (var row in GreedyGenerator.Generate(model, ids, mask, maxNewTokens, users))
            {
                string text = tokenizer.Decode(row);
                result.Add(new TestPrediction(parse(text), text));
            }
        }
        return result;
    }

    /// <summary>Input ids truncated as HF's tokenizer does (first max − 1 ids, then EOS).</summary>
    public int[] EncodeInput(string prompt) => EncodeInput(prompt, out _);

    /// <summary>As <see cref="EncodeInput(string)"/>; <paramref name="cut"/> says whether the prompt lost its end.</summary>
    public int[] EncodeInput(string prompt, out bool cut)
    {
        var ids = tokenizer.Encode(prompt);
        cut = ids.Length > maxInputTokens;
        return cut ? [.. ids.Take(maxInputTokens - 1), T5Tokenizer.EosId] : ids;
    }

    private (Tensor Ids, Tensor Mask, Tensor Users) Inputs(IReadOnlyList<(int User, string Prompt)> chunk)
    {
        var (ids, mask) = T5Tokenizer.Pad([.. chunk.Select(p => EncodeInput(p.Prompt))], model.Device, padTo);
        return (ids, mask, tensor(chunk.Select(p => (long)p.User).ToArray(), device: model.Device));
    }
}
