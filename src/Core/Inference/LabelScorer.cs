using PeftU.Abstractions.Backbone;
using PeftU.Core.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Inference;

/// <summary>Scores candidate labels without generating: one encoder run per prompt, then one teacher-forced decoder pass
/// over every (prompt, label) pair: decoder input <c>[start] + ids[:-1]</c>, log-prob of each label id + EOS.</summary>
public static class LabelScorer
{
    /// <summary>Scores every label for every row; <paramref name="labelIds"/> holds each label's token ids, EOS included
    /// (as <c>T5Tokenizer.Encode</c> gives them).</summary>
    public static LabelScores Score(T5Model model, Tensor inputIds, Tensor attentionMask, IReadOnlyList<int[]> labelIds, Tensor? userIndex = null)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var sum = LabelLogProbs(model, inputIds, attentionMask, labelIds, userIndex).cpu();
        var lengths = tensor(labelIds.Select(l => (double)l.Length).ToArray());
        var mean = sum / lengths.unsqueeze(0);
        return new LabelScores(ToMatrix(sum), ToMatrix(mean));
    }

    /// <summary>The device half of <see cref="Score"/>: each row's summed log-probability of each label (label + EOS),
    /// fp64 <c>[rows, labels]</c> on the model's device.</summary>
    public static Tensor LabelLogProbs(T5Model model, Tensor inputIds, Tensor attentionMask, IReadOnlyList<int[]> labelIds, Tensor? userIndex = null)
    {
        if (labelIds.Count == 0 || labelIds.Any(l => l.Length == 0))
            throw new ArgumentException("every label needs at least one token (its EOS).", nameof(labelIds));
        long rows = inputIds.shape[0];
        int labels = labelIds.Count;
        var encoded = model.Encode(inputIds, attentionMask, userIndex).RepeatRows(labels);
        var targets = new TargetTokens(labelIds, model.Config.DecoderStartTokenId, inputIds.device, repeat: (int)rows);
        var hidden = model.DecodeHidden(targets.DecoderInput, encoded, userIndex?.repeat_interleave(labels));
        return targets.RowLogProbs(model, hidden).view(rows, labels).to(ScalarType.Float64);
    }

    /// <summary>Log-probability of each target id (0 where the target is −1, i.e. padding), <c>[batch, length]</c>.</summary>
    public static Tensor TokenLogProbs(Tensor logits, Tensor targets)
    {
        var valid = targets.ge(TorchScalars.Of(0));
        var logProbs = nn.functional.log_softmax(logits, -1);
        var picked = logProbs.gather(-1, targets.clamp_min(TorchScalars.Of(0)).unsqueeze(-1)).squeeze(-1);
        return picked * valid.to(picked.dtype);
    }

    /// <summary>Decoder inputs (start + ids[:-1], pad 0) and targets (ids, −1 as padding) for a set of label sequences.</summary>
    public static (Tensor DecoderInput, Tensor Targets) TeacherForcing(IReadOnlyList<int[]> labelIds, int startId, Device device) =>
        (DecoderInput(labelIds, startId, device), Padded(labelIds, t => labelIds[t.Row][t.Token], -1, device));

    /// <summary>The decoder input ids of <see cref="TeacherForcing"/> alone: the start token, then each sequence shifted
    /// right, 0-padded, <c>[sequences, longest]</c>.</summary>
    public static Tensor DecoderInput(IReadOnlyList<int[]> labelIds, int startId, Device device) =>
        Padded(labelIds, t => t.Token == 0 ? startId : labelIds[t.Row][t.Token - 1], 0, device);

    /// <summary><c>[sequences, longest]</c> int64: <paramref name="value"/> at each sequence's positions, <paramref name="padding"/> after.</summary>
    private static Tensor Padded(IReadOnlyList<int[]> labelIds, Func<(int Row, int Token), long> value, long padding, Device device)
    {
        int width = labelIds.Max(l => l.Length);
        var data = Enumerable.Repeat(padding, labelIds.Count * width).ToArray();
        for (int l = 0; l < labelIds.Count; l++)
        {
            for (int t = 0; t < labelIds[l].Length; t++)
                data[l * width + t] = value((l, t));
        }
        return tensor(data, [labelIds.Count, width], device: device);
    }

    private static double[,] ToMatrix(Tensor t)
    {
        var data = t.data<double>().ToArray();
        var matrix = new double[t.shape[0], t.shape[1]];
        Buffer.BlockCopy(data, 0, matrix, 0, data.Length * sizeof(double));
        return matrix;
    }
}
