using PeftU.Abstractions;
using PeftU.Abstractions.Methods;

namespace PeftU.Methods.Baselines;

/// <summary>The frozen model prompted with the instruction and the text only; no trainable module.</summary>
[PeftMethod("zero-shot", Display = "Zero-shot", Paper = "Clarke et al., 2024, arXiv:2407.18078")]
public sealed partial class ZeroShot : FrozenModelMethod, IPeftMethod;
