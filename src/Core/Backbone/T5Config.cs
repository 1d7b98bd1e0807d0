using System.Text.Json;
using PeftU.Abstractions.Backbone;

namespace PeftU.Core.Backbone;

/// <summary>The subset of an HF <c>config.json</c> that defines a T5 / Flan-T5 network.</summary>
public sealed record T5Config
{
    public required int VocabSize { get; init; }
    public required int DModel { get; init; }
    public required int DKv { get; init; }
    public required int NumHeads { get; init; }
    public required int DFf { get; init; }
    public required int NumLayers { get; init; }
    public required int NumDecoderLayers { get; init; }
    public required bool GatedFeedForward { get; init; }

    /// <summary>relu, gelu_new, gelu, silu… (HF <c>dense_act_fn</c>).</summary>
    public required string Activation { get; init; }

    public required bool TieWordEmbeddings { get; init; }
    public int RelativeAttentionNumBuckets { get; init; } = 32;
    public int RelativeAttentionMaxDistance { get; init; } = 128;
    public double LayerNormEpsilon { get; init; } = 1e-6;
    public double DropoutRate { get; init; } = 0.1;
    public int PadTokenId { get; init; }
    public int EosTokenId { get; init; } = 1;
    public int DecoderStartTokenId { get; init; }

    public int Inner => NumHeads * DKv;

    /// <summary>Reads and validates a config.json; errors name the file and the key.</summary>
    public static T5Config Load(string path)
    {
        if (!File.Exists(path))
            throw new BackboneException($"{path}: no config.json there (a T5 checkpoint folder holds config.json and model.safetensors).");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            return Parse(doc.RootElement, path);
        }
        catch (JsonException e)
        {
            throw new BackboneException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new BackboneException($"{path}: not valid JSON text ({e.Message})");  // e.g. invalid UTF-8 in a key or string
        }
    }

    public static T5Config Parse(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new BackboneException($"{source}: must be a JSON object of settings (vocab_size, d_model, …), got {root.ValueKind.ToString().ToLowerInvariant()}.");
        var reader = new ConfigReader(root, source);
        string modelType = reader.String("model_type", "t5");
        if (modelType is not ("t5" or "mt5" or "umt5"))
            throw new BackboneException($"{source}: model_type '{modelType}' is not a T5 model (expected t5, mt5 or umt5).");

        // HF T5Config: feed_forward_proj "gated-gelu" means gated with gelu_new; "relu"/"gated-silu" follow "[gated-]act".
        string proj = reader.String("feed_forward_proj", "relu");
        bool gated = proj.StartsWith("gated-", StringComparison.Ordinal);
        string activation = gated ? proj["gated-".Length..] : proj;
        if (activation == "gelu" && gated)
            activation = "gelu_new";
        activation = reader.String("dense_act_fn", activation);
        if (!T5Activation.IsKnown(activation))
            throw new BackboneException($"{source}: activation '{activation}' is not supported (known: {string.Join(", ", T5Activation.Known)}).");

        int numLayers = reader.Int("num_layers", null);
        var config = new T5Config
        {
            VocabSize = reader.Int("vocab_size", null),
            DModel = reader.Int("d_model", null),
            DKv = reader.Int("d_kv", null),
            NumHeads = reader.Int("num_heads", null),
            DFf = reader.Int("d_ff", null),
            NumLayers = numLayers,
            NumDecoderLayers = reader.Int("num_decoder_layers", numLayers),
            GatedFeedForward = reader.Bool("is_gated_act", gated),
            Activation = activation,
            TieWordEmbeddings = reader.Bool("tie_word_embeddings", true),
            RelativeAttentionNumBuckets = reader.Int("relative_attention_num_buckets", 32),
            RelativeAttentionMaxDistance = reader.Int("relative_attention_max_distance", 128),
            LayerNormEpsilon = reader.Double("layer_norm_epsilon", 1e-6),
            DropoutRate = reader.Double("dropout_rate", 0.1),
            PadTokenId = reader.Int("pad_token_id", 0),
            EosTokenId = reader.Int("eos_token_id", 1),
            DecoderStartTokenId = reader.Int("decoder_start_token_id", 0),
        };
        foreach (var (key, value) in new[]
                 {
                     ("vocab_size", config.VocabSize), ("d_model", config.DModel), ("d_kv", config.DKv), ("num_heads", config.NumHeads),
                     ("d_ff", config.DFf), ("num_layers", config.NumLayers), ("num_decoder_layers", config.NumDecoderLayers),
                     ("relative_attention_num_buckets", config.RelativeAttentionNumBuckets),
                 })
        {
            if (value <= 0)
                throw new BackboneException($"{source}: '{key}' must be positive, got {value}.");
        }
        if ((long)config.NumHeads * config.DKv > int.MaxValue)
            throw new BackboneException($"{source}: num_heads × d_kv = {(long)config.NumHeads * config.DKv:N0} is too large (at most {int.MaxValue:N0}).");
        try
        {
            _ = T5ParameterCount.Count(config);
        }
        catch (OverflowException)
        {
            throw new BackboneException($"{source}: these sizes define more parameters than a 64-bit count holds; check d_model, d_ff, vocab_size and the layer counts.");
        }
        return config;
    }

    /// <summary>The dims PEFT methods see, with the analytic base parameter count.</summary>
    public BackboneDims ToDims() =>
        new(DModel, DKv, NumHeads, DFf, NumLayers, NumDecoderLayers, VocabSize, GatedFeedForward, TieWordEmbeddings, T5ParameterCount.Count(this));

    private readonly struct ConfigReader(JsonElement root, string source)
    {
        public string String(string key, string? fallback) =>
            Get(key, fallback, e => e.ValueKind == JsonValueKind.String ? e.GetString()! : null, "a string");

        public int Int(string key, int? fallback) =>
            Get<int?>(key, fallback, e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) ? v : null, "an integer")!.Value;

        public double Double(string key, double fallback) =>
            Get<double?>(key, fallback, e => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null, "a number")!.Value;

        public bool Bool(string key, bool fallback) =>
            Get<bool?>(key, fallback, e => e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : null, "true or false")!.Value;

        private T Get<T>(string key, T? fallback, Func<JsonElement, T?> read, string expected)
        {
            if (!root.TryGetProperty(key, out var element) || element.ValueKind == JsonValueKind.Null)
                return fallback ?? throw new BackboneException($"{source}: required key '{key}' is missing.");
            return read(element) ?? throw new BackboneException($"{source}: '{key}' must be {expected}, got {element.GetRawText()}.");
        }
    }
}
