using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>The encoder's last hidden state and the 0/1 mask over its positions (any embedding prefix included).</summary>
public sealed record EncoderOutput(Tensor Hidden, Tensor Mask)
{
    /// <summary>Repeats each row <paramref name="times"/> times in place (row r becomes rows r·times … r·times+times-1),
    /// for scoring several labels per prompt with one encoder run.</summary>
    public EncoderOutput RepeatRows(long times) =>
        new(Hidden.repeat_interleave(times, dim: 0), Mask.repeat_interleave(times, dim: 0));
}
