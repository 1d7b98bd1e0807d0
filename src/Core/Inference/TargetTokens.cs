using PeftU.Core.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Inference;

/// <summary>Teacher-forced target tokens of a batch of label sequences, with the head run only where a target is.
/// Label sequences differ in length (a third of a synthetic bank's decoder positions are padding), and on a small
/// backbone the 32,128-way head and its normalizer are the larger part of a step; padded positions would be computed
/// and then multiplied by zero. Each row's summed log-probability is the same sum
/// <see cref="LabelScorer.TokenLogProbs"/> gives over the padded logits.</summary>
public sealed class TargetTokens
{
    private readonly long[] _positions, _ids, _rows;
    private readonly int[] _lengths;

    /// <param name="labelIds">Each row's target ids (EOS included).</param>
    /// <param name="startId">The decoder start token.</param>
    /// <param name="device">Where the tensors go.</param>
    /// <param name="repeat">How many times the whole list is repeated (label scoring: each prompt row against every
    /// label), rows in that order.</param>
    public TargetTokens(IReadOnlyList<int[]> labelIds, int startId, Device device, int repeat = 1)
    {
        _lengths = [.. labelIds.Select(l => l.Length)];
        Width = labelIds.Count == 0 ? 0 : labelIds.Max(l => l.Length);
        Rows = labelIds.Count * repeat;
        var input = LabelScorer.DecoderInput(labelIds, startId, device);
        DecoderInput = repeat == 1 ? input : input.repeat(repeat, 1);
        int tokens = labelIds.Sum(l => l.Length) * repeat;
        _positions = new long[tokens];
        _ids = new long[tokens];
        _rows = new long[tokens];
        int k = 0;
        for (int r = 0; r < Rows; r++)
        {
            var label = labelIds[r % labelIds.Count];
            for (int t = 0; t < label.Length; t++, k++)
            {
                _positions[k] = (long)r * Width + t;
                _ids[k] = label[t];
                _rows[k] = r;
            }
        }
        Device = device;
    }

    /// <summary>Decoder input ids <c>[rows, width]</c>: the start token, then each sequence shifted right, 0-padded.</summary>
    public Tensor DecoderInput { get; }

    public long Rows { get; }

    public long Width { get; }

    private Device Device { get; }

    /// <summary>Target tokens per row (fp32 <c>[rows]</c>).</summary>
    public Tensor Counts() =>
        tensor(Enumerable.Range(0, (int)Rows).Select(r => (float)_lengths[r % _lengths.Length]).ToArray(), device: Device);

    /// <summary>Each row's summed log-probability of its targets (fp32 <c>[rows]</c>), from the decoder's final hidden
    /// states <c>[rows, width, d_model]</c>: the head and log-softmax over the vocabulary at target positions only, a
    /// few tokens at a time (<see cref="TargetLogProbs"/>).</summary>
    public Tensor RowLogProbs(T5Model model, Tensor hidden)
    {
        var at = tensor(_positions, device: Device);
        var logProbs = TargetLogProbs.Of(model, hidden.reshape(-1, hidden.shape[^1])[at], tensor(_ids, device: Device));
        // scatter_add, not index_add: its backward is a gather, which libtorch's meta device runs (device-placement tests).
        return zeros(Rows, dtype: ScalarType.Float32, device: Device).scatter_add(0, tensor(_rows, device: Device), logProbs);
    }
}
