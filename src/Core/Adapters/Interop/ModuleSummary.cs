using System.Text.RegularExpressions;
using PeftU.Abstractions.Backbone;

namespace PeftU.Core.Adapters.Interop;

/// <summary>What <c>peftu adapters inspect</c> shows of a module: its tensors grouped by name with block numbers as
/// <c>*</c>, and what its names and shapes say about the backbone it was made for.</summary>
public sealed partial record ModuleSummary(IReadOnlyList<ModuleSummary.TensorGroup> Groups, int? DModel, int? EncoderBlocks, int? DecoderBlocks)
{
    /// <summary>Tensors whose names differ only in the block number, with one shape.</summary>
    public sealed record TensorGroup(string Pattern, long[] Shape, int Count);

    [GeneratedRegex(@"(?<stack>encoder|decoder)\.block\.(?<block>\d+)\.")]
    private static partial Regex Block();

    public static ModuleSummary Of(PortableModule module)
    {
        var groups = module.Tensors
            .GroupBy(t => (Pattern: Block().Replace(t.Key, m => $"{m.Groups["stack"].Value}.block.*."), Shape: string.Join(",", t.Value.shape)))
            .Select(g => new TensorGroup(g.Key.Pattern, g.First().Value.shape, g.Count()))
            .OrderBy(g => g.Pattern, StringComparer.Ordinal).ToList();
        int? Blocks(string stack)
        {
            var numbers = module.Tensors.Keys.Select(k => Block().Match(k)).Where(m => m.Success && m.Groups["stack"].Value == stack)
                .Select(m => int.Parse(m.Groups["block"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            return numbers.Count > 0 ? numbers.Max() + 1 : null;
        }
        return new ModuleSummary(groups, module.Dims?.DModel ?? DModelOf(module), module.Dims?.NumLayers ?? Blocks("encoder"),
            module.Dims?.NumDecoderLayers ?? Blocks("decoder"));
    }

    /// <summary>d_model where a tensor's role shows it: a virtual-token table's width, an adapter's or a LoRA
    /// down-projection's input width on a projection that reads the stream.</summary>
    private static int? DModelOf(PortableModule module)
    {
        foreach (var (name, tensor) in module.Tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            bool readsStream = name is "prompt_embeddings" or "prompt_encoder.embedding.weight" && module.MethodId != "prefix-tuning"
                || name.EndsWith(".adapter.down.weight", StringComparison.Ordinal)
                || Regex.IsMatch(name, @"\.(q|k|v|wi|wi_0|wi_1)\.lora_A\.weight$");
            if (readsStream && tensor.dim() == 2)
                return (int)tensor.shape[1];
        }
        return module.MethodId == "prefix-tuning" && module.Options.GetValueOrDefault("prefix_projection") == "true"
            && module.Tensors.TryGetValue("prompt_embeddings", out var embeddings) ? (int)embeddings.shape[1] : null;
    }

    /// <summary>One line about the backbone: what the module says, or null when it says nothing.</summary>
    public string? BackboneLine()
    {
        var parts = new List<string>();
        if (DModel is { } d)
            parts.Add($"d_model {d}");
        if (EncoderBlocks is { } e)
            parts.Add($"{e} encoder blocks");
        if (DecoderBlocks is { } dec)
            parts.Add($"{dec} decoder blocks");
        return parts.Count > 0 ? string.Join(", ", parts) : null;
    }

    /// <summary>The dims line of a backbone config, to name what a module was checked against.</summary>
    public static string Describe(BackboneDims dims) =>
        $"d_model {dims.DModel}, {dims.NumLayers} encoder and {dims.NumDecoderLayers} decoder blocks, {dims.NumHeads} heads × d_kv {dims.DKv}";
}
