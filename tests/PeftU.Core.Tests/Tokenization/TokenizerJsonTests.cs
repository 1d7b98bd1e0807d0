using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using PeftU.Core.Backbone;
using PeftU.Core.Tests.Backbone;
using PeftU.Core.Tokenization;

namespace PeftU.Core.Tests.Tokenization;

/// <summary>A folder with only an HF tokenizer.json (Unigram, as T5 fast tokenizers ship) tokenizes like spiece.model.
/// No tokenizer.json can be downloaded here, so the test writes one in HF's layout from the fixture's spiece.model.</summary>
public sealed class TokenizerJsonTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "peftu-tokjson-" + Guid.NewGuid().ToString("N"));

    public TokenizerJsonTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Tokenizer_json_gives_the_reference_ids_and_decodes_like_spiece()
    {
        File.WriteAllText(Path.Combine(_folder, "tokenizer.json"), HfTokenizerJson(Path.Combine(TinyFlan.Dir, "spiece.model")));
        var fromJson = T5Tokenizer.FromFolder(_folder);
        var fromSpiece = T5Tokenizer.FromFolder(TinyFlan.Dir);
        Assert.Equal(32_000, fromJson.PieceCount);
        foreach (var sample in Expected.Load("tiny-flan", "expected.json").GetProperty("fp32").GetProperty("tokenizer").EnumerateArray())
        {
            var ids = sample.GetProperty("ids").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            Assert.Equal(ids, fromJson.Encode(sample.GetProperty("text").GetString()!));
            Assert.Equal(fromSpiece.Decode(ids.Select(i => (long)i)), fromJson.Decode(ids.Select(i => (long)i)));
        }
        Assert.Equal("Hello", fromJson.Decode([8774, 32_099, 1]));
    }

    [Fact]
    public void A_non_unigram_tokenizer_json_is_refused_by_name()
    {
        File.WriteAllText(Path.Combine(_folder, "tokenizer.json"), """{"model":{"type":"BPE","vocab":{}}}""");
        var error = Assert.Throws<BackboneException>(() => T5Tokenizer.FromFolder(_folder));
        Assert.Contains("model type 'BPE' is not supported", error.Message);
    }

    /// <summary>tokenizer.json as HF's T5 converter writes it: Precompiled charsmap + Replace(" {2,}"), Metaspace,
    /// Unigram vocab with the 100 sentinels appended, special added tokens.</summary>
    private static string HfTokenizerJson(string spiecePath)
    {
        var (pieces, charsmap) = ReadModelProto(File.ReadAllBytes(spiecePath));
        var vocab = pieces.Select(p => new object[] { p.Piece, p.Score })
            .Concat(Enumerable.Range(0, 100).Select(i => new object[] { $"<extra_id_{99 - i}>", 0.0 })).ToList();
        var added = new[] { "<pad>", "</s>", "<unk>" }.Select((c, i) => new { id = i, content = c, special = true })
            .Concat(Enumerable.Range(0, 100).Select(i => new { id = 32_000 + i, content = $"<extra_id_{99 - i}>", special = true }));
        return JsonSerializer.Serialize(new
        {
            version = "1.0",
            added_tokens = added,
            normalizer = new
            {
                type = "Sequence",
                normalizers = new object[]
                {
                    new { type = "Precompiled", precompiled_charsmap = Convert.ToBase64String(charsmap) },
                    new { type = "Replace", pattern = new { Regex = " {2,}" }, content = " " },
                },
            },
            pre_tokenizer = new { type = "Metaspace", replacement = "▁", prepend_scheme = "always", split = true },
            model = new { type = "Unigram", unk_id = 2, vocab, byte_fallback = false },
        });
    }

    /// <summary>Pieces (field 1: piece, score) and normalizer_spec.precompiled_charsmap (field 3.2) of a ModelProto.</summary>
    private static (List<(string Piece, double Score)> Pieces, byte[] Charsmap) ReadModelProto(byte[] proto)
    {
        var pieces = new List<(string, double)>();
        byte[] charsmap = [];
        foreach (var (field, value) in Fields(proto))
        {
            if (field == 1)
            {
                var inner = Fields(value).ToDictionary(f => f.Field, f => f.Value);
                pieces.Add((Encoding.UTF8.GetString(inner[1]), BinaryPrimitives.ReadSingleLittleEndian(inner[2])));
            }
            else if (field == 3)
            {
                charsmap = Fields(value).First(f => f.Field == 2).Value;
            }
        }
        return (pieces, charsmap);
    }

    private static IEnumerable<(int Field, byte[] Value)> Fields(byte[] data)
    {
        int position = 0;
        while (position < data.Length)
        {
            ulong tag = Varint(data, ref position);
            int field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    Varint(data, ref position);
                    yield return (field, []);
                    break;
                case 1:
                    yield return (field, data[position..(position + 8)]);
                    position += 8;
                    break;
                case 2:
                    int length = (int)Varint(data, ref position);
                    yield return (field, data[position..(position + length)]);
                    position += length;
                    break;
                case 5:
                    yield return (field, data[position..(position + 4)]);
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException("unsupported wire type");
            }
        }
    }

    private static ulong Varint(byte[] data, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
    }
}
