namespace PeftU.Abstractions.Backbone;

/// <summary>The hook sites of a T5-layout backbone computed from its dims alone, in the order the backbone lists them:
/// what analytic parameter counts iterate over without allocating a model (a test checks it equals the real model's).</summary>
public static class BackboneSites
{
    public static IReadOnlyList<LinearSite> Linears(BackboneDims dims)
    {
        var sites = new List<LinearSite>();
        foreach (var (stack, prefix, layers) in new[] { (StackKind.Encoder, "encoder", dims.NumLayers), (StackKind.Decoder, "decoder", dims.NumDecoderLayers) })
        {
            for (int layer = 0; layer < layers; layer++)
            {
                string block = $"{prefix}.block.{layer}.layer";
                var attentions = stack == StackKind.Encoder
                    ? new[] { ($"{block}.0.SelfAttention", AttentionKind.EncoderSelf) }
                    : [($"{block}.0.SelfAttention", AttentionKind.DecoderSelf), ($"{block}.1.EncDecAttention", AttentionKind.DecoderCross)];
                foreach (var (name, kind) in attentions)
                {
                    foreach (var module in new[] { "q", "k", "v" })
                        sites.Add(new LinearSite($"{name}.{module}", stack, layer, module, kind, dims.DModel, dims.Inner));
                    sites.Add(new LinearSite($"{name}.o", stack, layer, "o", kind, dims.Inner, dims.DModel));
                }
                string ffn = $"{block}.{attentions.Length}.DenseReluDense";
                var inputs = dims.GatedFeedForward ? new[] { "wi_0", "wi_1" } : ["wi"];
                foreach (var module in inputs)
                    sites.Add(new LinearSite($"{ffn}.{module}", stack, layer, module, null, dims.DModel, dims.DFf));
                sites.Add(new LinearSite($"{ffn}.wo", stack, layer, "wo", null, dims.DFf, dims.DModel));
            }
        }
        return sites;
    }

    public static IReadOnlyList<SublayerSite> Sublayers(BackboneDims dims)
    {
        var sites = new List<SublayerSite>();
        foreach (var (stack, prefix, layers) in new[] { (StackKind.Encoder, "encoder", dims.NumLayers), (StackKind.Decoder, "decoder", dims.NumDecoderLayers) })
        {
            for (int layer = 0; layer < layers; layer++)
            {
                string block = $"{prefix}.block.{layer}.layer";
                sites.Add(new SublayerSite($"{block}.0", stack, layer, SublayerKind.SelfAttention));
                if (stack == StackKind.Decoder)
                    sites.Add(new SublayerSite($"{block}.1", stack, layer, SublayerKind.CrossAttention));
                sites.Add(new SublayerSite($"{block}.{(stack == StackKind.Decoder ? 2 : 1)}", stack, layer, SublayerKind.FeedForward));
            }
        }
        return sites;
    }
}
