using PeftU.Core.Backbone;

namespace PeftU.Core.Checkpoints;

/// <summary>A loaded frozen backbone, its config, the dtype it runs in (and why) and where it came from.</summary>
public sealed record LoadedBackbone(T5Model Model, T5Config Config, DtypeChoice Dtype, string Folder) : IDisposable
{
    public void Dispose() => Model.Dispose();
}
