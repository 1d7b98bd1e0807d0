using PeftU.Abstractions;
using PeftU.Abstractions.Methods;

namespace PeftU.Methods.Baselines;

/// <summary>The frozen model prompted with up to k of the user's own training examples as demonstrations; no trainable module.</summary>
[PeftMethod("few-shot", Display = "Few-shot", Paper = "Clarke et al., 2024, arXiv:2407.18078")]
public sealed partial class FewShot : FrozenModelMethod, IPeftMethod
{
    /// <summary>Most demonstrations per prompt (the original takes one per label, at most 3).</summary>
    [PeftOption(Default = 3, Min = 0, Max = 32)]
    public partial int K { get; }

    public override int Shots => K;
}
