using System.Text.Json;
using PeftU.Abstractions.Backbone;

namespace PeftU.Core.Adapters.Interop;

/// <summary>The backbone dims a module was made for, as <c>peftu_backbone</c> in its config (HF config names).</summary>
internal static class BackboneDimsJson
{
    public static Dictionary<string, object> ToJson(BackboneDims dims) => new()
    {
        ["d_model"] = dims.DModel,
        ["d_kv"] = dims.DKv,
        ["num_heads"] = dims.NumHeads,
        ["d_ff"] = dims.DFf,
        ["num_layers"] = dims.NumLayers,
        ["num_decoder_layers"] = dims.NumDecoderLayers,
        ["vocab_size"] = dims.VocabSize,
        ["is_gated_act"] = dims.GatedFeedForward,
        ["tie_word_embeddings"] = dims.TiedEmbeddings,
        ["base_parameters"] = dims.BaseParameters,
    };

    public static BackboneDims? Read(ConfigJson config)
    {
        if (!config.Has("peftu_backbone"))
            return null;
        var d = config.Child("peftu_backbone");
        bool Bool(string field) => d.OptionalBool(field) ?? throw d.Bad(field, "true or false", d.Required(field));
        long parameters = d.Required("base_parameters") is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out long p) && p >= 0
            ? p : throw d.Bad("base_parameters", "a whole number", d.Required("base_parameters"));
        var dims = new BackboneDims(d.Int("d_model"), d.Int("d_kv"), d.Int("num_heads"), d.Int("d_ff"), d.Int("num_layers"),
            d.Int("num_decoder_layers"), d.Int("vocab_size"), Bool("is_gated_act"), Bool("tie_word_embeddings"), parameters);
        foreach (var (field, value) in new[] { ("d_model", dims.DModel), ("d_kv", dims.DKv), ("num_heads", dims.NumHeads), ("d_ff", dims.DFf),
                     ("num_layers", dims.NumLayers), ("num_decoder_layers", dims.NumDecoderLayers), ("vocab_size", dims.VocabSize) })
        {
            if (value < 1 || value > 1 << 20)
                throw d.Bad(field, "between 1 and 1048576", d.Required(field));
        }
        return dims;
    }
}
