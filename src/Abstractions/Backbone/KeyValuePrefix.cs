using TorchSharp;

namespace PeftU.Abstractions.Backbone;

/// <summary>Per-row key and value vectors prepended to one attention's keys and values (prefix tuning).
/// Both are <c>[batch, num_heads, prefix_length, d_kv]</c>; every prefix position is attended (never masked).</summary>
public readonly record struct KeyValuePrefix(torch.Tensor Keys, torch.Tensor Values);
