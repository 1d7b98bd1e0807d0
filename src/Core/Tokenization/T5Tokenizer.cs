using Microsoft.ML.Tokenizers;
using PeftU.Core.Backbone;
using static TorchSharp.torch;

namespace PeftU.Core.Tokenization;

/// <summary>T5's SentencePiece tokenizer: ids of the text followed by EOS (1), no BOS; decode skips special tokens.
/// Built on Microsoft.ML.Tokenizers, with the workaround it needs for T5's <c>spiece.model</c>.</summary>
public sealed class T5Tokenizer
{
    public const int PadId = 0;
    public const int EosId = 1;
    public const int UnkId = 2;

    /// <summary>HF T5 adds 100 sentinel tokens (<c>&lt;extra_id_N&gt;</c>) after the SentencePiece vocabulary.</summary>
    public const int ExtraIds = 100;

    /// <summary>A protobuf trainer_spec override (bos_id = 0, bos_piece = "&lt;pad&gt;") appended to the model: T5's
    /// spiece.model has bos_id = -1, which SentencePieceTokenizer.Create rejects. T5 never adds a BOS, so this only
    /// satisfies the loader; proto2 merges the repeated field into the original trainer_spec.</summary>
    private static readonly byte[] TrainerSpecOverride = [0x12, 0x0B, 0xC8, 0x02, 0x00, 0xF2, 0x02, 0x05, 0x3C, 0x70, 0x61, 0x64, 0x3E];

    private readonly SentencePieceTokenizer _inner;

    private T5Tokenizer(SentencePieceTokenizer inner, int pieceCount)
    {
        _inner = inner;
        PieceCount = pieceCount;
    }

    /// <summary>SentencePiece vocabulary size (32,000 for T5); ids from here up are sentinels.</summary>
    public int PieceCount { get; }

    /// <summary>Whether the folder holds a tokenizer this class reads (spiece.model or tokenizer.json).</summary>
    public static bool IsIn(string folder) =>
        File.Exists(Path.Combine(folder, "spiece.model")) || File.Exists(Path.Combine(folder, "tokenizer.json"));

    public static T5Tokenizer FromFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new BackboneException($"{folder}: no such model folder.");
        string spiece = Path.Combine(folder, "spiece.model");
        if (File.Exists(spiece))
            return FromSentencePiece(spiece);
        string json = Path.Combine(folder, "tokenizer.json");
        if (File.Exists(json))
            return FromModelProto(TokenizerJsonConverter.ToModelProto(json), json);
        throw new BackboneException($"{folder}: neither spiece.model nor tokenizer.json (the T5 tokenizer) is there.");
    }

    public static T5Tokenizer FromSentencePiece(string path) => FromModelProto([.. File.ReadAllBytes(path), .. TrainerSpecOverride], path);

    private static T5Tokenizer FromModelProto(byte[] proto, string path)
    {
        using var stream = new MemoryStream(proto);
        SentencePieceTokenizer inner;
        try
        {
            inner = SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Any exception: the protobuf parser and the tokenizer throw many kinds (NullReference, IndexOutOfRange…)
            // for an empty or truncated model file.
            throw new BackboneException($"{path}: not a readable SentencePiece model, empty or truncated? ({e.GetType().Name}: {e.Message}).");
        }
        // Sentinels (<extra_id_N>) are not text: tokenizer.json lists them in the vocabulary, spiece.model does not.
        int pieces = inner.Vocabulary.Keys.Count(k => !k.StartsWith("<extra_id_", StringComparison.Ordinal));
        if (pieces <= UnkId)
            throw new BackboneException($"{path}: not a T5 SentencePiece model: {pieces} pieces (T5 needs at least <pad>, </s> and <unk>); empty or truncated?");
        return new T5Tokenizer(inner, pieces);
    }

    /// <summary>Ids of <paramref name="text"/> + EOS; the empty string is <c>[1]</c> as in HF.</summary>
    public int[] Encode(string text)
    {
        var ids = _inner.EncodeToIds(text);
        return ids.Count == 0 ? [EosId] : [.. ids];
    }

    /// <summary>Text of <paramref name="ids"/>, skipping pad, EOS, UNK and sentinel ids (HF skip_special_tokens).</summary>
    public string Decode(IEnumerable<long> ids) =>
        _inner.Decode(ids.Where(id => id > UnkId && id < PieceCount).Select(id => (int)id), considerSpecialTokens: false) ?? "";

    /// <summary>Right-padded batch (pad 0) with its 0/1 attention mask. Longer texts keep their first
    /// <paramref name="maxLength"/> − 1 ids and end with EOS (HF truncation).</summary>
    public (Tensor InputIds, Tensor AttentionMask) EncodeBatch(IReadOnlyList<string> texts, int? maxLength = null, Device? device = null)
    {
        var rows = texts.Select(t => Truncate(Encode(t), maxLength)).ToList();
        return Pad(rows, device);
    }

    public static (Tensor InputIds, Tensor AttentionMask) Pad(IReadOnlyList<int[]> rows, Device? device = null, int minWidth = 0)
    {
        int width = Math.Max(minWidth, rows.Count == 0 ? 0 : rows.Max(r => r.Length));
        var ids = new long[rows.Count * width];
        var mask = new long[rows.Count * width];
        for (int r = 0; r < rows.Count; r++)
        {
            for (int c = 0; c < rows[r].Length; c++)
            {
                ids[r * width + c] = rows[r][c];
                mask[r * width + c] = 1;
            }
        }
        return (tensor(ids, [rows.Count, width], device: device), tensor(mask, [rows.Count, width], device: device));
    }

    private static int[] Truncate(int[] ids, int? maxLength)
    {
        if (maxLength is not { } max || ids.Length <= max)
            return ids;
        if (max < 1)
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "max length must be at least 1 (room for EOS).");
        return [.. ids.AsSpan(0, max - 1), EosId];
    }
}
