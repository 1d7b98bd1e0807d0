using PeftU.Abstractions;
using PeftU.Abstractions.Methods;

namespace PeftU.TestPlugins.Healthy;

/// <summary>Loads fine beside the broken plugins of its scenario.</summary>
[PeftMethod("healthy")]
public sealed partial class Healthy : FrozenModelMethod, IPeftMethod
{
    [PeftOption(Default = 4, Min = 1)]
    public partial int Size { get; }
}
