using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>Keys and values of one attention kept across decoding steps: the growing self-attention history, or the
/// cross-attention projection of the encoder output computed once. Holds any key/value prefix at its front.</summary>
public sealed class AttentionCache : IDisposable
{
    public Tensor? Keys { get; private set; }

    public Tensor? Values { get; private set; }

    public bool IsEmpty => Keys is null;

    internal void Set(Tensor keys, Tensor values)
    {
        var (oldKeys, oldValues) = (Keys, Values);
        Keys = keys.DetachFromDisposeScope();
        Values = values.DetachFromDisposeScope();
        oldKeys?.Dispose();
        oldValues?.Dispose();
    }

    public void Dispose()
    {
        Keys?.Dispose();
        Values?.Dispose();
        Keys = Values = null;
    }
}
