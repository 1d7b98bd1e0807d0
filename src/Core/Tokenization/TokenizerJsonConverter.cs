using System.Text.Json;
using PeftU.Core.Backbone;

namespace PeftU.Core.Tokenization;

/// <summary>Turns an HF <c>tokenizer.json</c> with a Unigram model (what T5 fast tokenizers ship) into the equivalent
/// SentencePiece ModelProto, so both file kinds go through one tokenizer implementation: the pieces and scores, the
/// precompiled normalisation charsmap, the Metaspace dummy prefix and the whitespace-collapsing Replace.</summary>
public static class TokenizerJsonConverter
{
    // SentencePiece enums (sentencepiece_model.proto).
    private const int Normal = 1, Unknown = 2, Control = 3, UserDefined = 4;
    private const int Unigram = 1;

    public static byte[] ToModelProto(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return Convert(doc.RootElement, path);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new BackboneException($"{path}: not a readable HF tokenizer.json ({e.Message}).");
        }
    }

    private static byte[] Convert(JsonElement root, string path)
    {
        var model = root.GetProperty("model");
        string type = model.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        if (type != "Unigram")
            throw new BackboneException($"{path}: model type '{type}' is not supported; T5 tokenizers are Unigram.");
        int unkId = model.TryGetProperty("unk_id", out var u) && u.ValueKind == JsonValueKind.Number ? u.GetInt32() : 2;
        var special = root.TryGetProperty("added_tokens", out var added)
            ? added.EnumerateArray().Where(a => a.GetProperty("special").GetBoolean()).Select(a => a.GetProperty("content").GetString()!).ToHashSet()
            : [];

        var proto = new ProtobufWriter();
        var vocab = model.GetProperty("vocab").EnumerateArray().ToList();
        for (int id = 0; id < vocab.Count; id++)
        {
            string piece = vocab[id][0].GetString()!;
            int kind = id == unkId ? Unknown : special.Contains(piece) ? Control : Normal;
            if (kind == Normal && piece.StartsWith("<extra_id_", StringComparison.Ordinal))
                kind = UserDefined;
            proto.Message(1, new ProtobufWriter().String(1, piece).Float(2, (float)vocab[id][1].GetDouble()).Varint(3, kind));
        }

        int Id(string piece, int fallback) => vocab.FindIndex(v => v[0].GetString() == piece) is var i and >= 0 ? i : fallback;
        proto.Message(2, new ProtobufWriter()
            .Varint(3, Unigram)
            .Varint(4, vocab.Count)
            .Varint(40, unkId)
            .Varint(41, Id("<pad>", 0)) // T5 has no BOS; SentencePieceTokenizer needs a valid id here (never emitted)
            .Varint(42, Id("</s>", 1))
            .Varint(43, Id("<pad>", 0))
            .String(46, "<pad>"));

        var normalizers = Flatten(root.TryGetProperty("normalizer", out var n) ? n : default).ToList();
        var charsmap = normalizers.FirstOrDefault(x => Type(x) == "Precompiled");
        bool collapsesSpaces = normalizers.Any(x => Type(x) == "Replace");
        var normalizer = new ProtobufWriter().String(1, "nmt_nfkc");
        if (charsmap.ValueKind == JsonValueKind.Object)
            normalizer.Bytes(2, System.Convert.FromBase64String(charsmap.GetProperty("precompiled_charsmap").GetString()!));
        normalizer.Varint(3, AddsDummyPrefix(root) ? 1 : 0).Varint(4, collapsesSpaces ? 1 : 0).Varint(5, 1);
        proto.Message(3, normalizer);
        return proto.ToArray();
    }

    private static bool AddsDummyPrefix(JsonElement root)
    {
        foreach (var pre in Flatten(root.TryGetProperty("pre_tokenizer", out var p) ? p : default).Where(x => Type(x) == "Metaspace"))
        {
            if (pre.TryGetProperty("prepend_scheme", out var scheme))
                return scheme.GetString() != "never";
            if (pre.TryGetProperty("add_prefix_space", out var add))
                return add.GetBoolean();
        }
        return true;
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            yield break;
        foreach (var key in new[] { "normalizers", "pretokenizers" })
        {
            if (element.TryGetProperty(key, out var inner) && inner.ValueKind == JsonValueKind.Array)
            {
                foreach (var child in inner.EnumerateArray().SelectMany(Flatten))
                    yield return child;
                yield break;
            }
        }
        yield return element;
    }

    private static string Type(JsonElement element) => element.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
}
