using PeftU.Core.Backbone;

namespace PeftU.Core.Checkpoints;

/// <summary>A loaded frozen backbone, its config, the dtype it runs in (and why), where it came from, and its tokenizer
/// when the folder has one.</summary>
public sealed record LoadedBackbone(T5Model Model, T5Config Config, DtypeChoice Dtype, string Folder, Tokenization.T5Tokenizer? Tokenizer) : IDisposable
{
    public void Dispose() => Model.Dispose();
}
