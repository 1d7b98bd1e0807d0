using PeftU.Abstractions;

namespace PeftU.TestPlugins.Healthy;

/// <summary>Loads fine beside the broken plugins of its scenario.</summary>
[PeftMethod("healthy")]
public sealed partial class Healthy : IPeftMethod
{
    [PeftOption(Default = 4, Min = 1)]
    public partial int Size { get; }
}
