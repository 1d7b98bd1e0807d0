using System.Text.Json;
using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Inference;
using PeftU.Core.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Tests.Backbone;

/// <summary>Flan-T5 layout (gated-gelu, 4 heads, untied head) with the real T5 spiece.model: tokenizer ids, encoder
/// states, logits, label log-probs and greedy decoding against the fp32 reference.</summary>
public sealed class TinyFlanParityTests
{
    private static readonly string Dir = Expected.ModelDir("tiny-flan");

    public TinyFlanParityTests() => TorchRuntime.Initialize();

    [Fact]
    public void Tokenizer_ids_match_sentencepiece_for_every_fixture_text()
    {
        var tokenizer = T5Tokenizer.FromFolder(Dir);
        foreach (var sample in Expected.Load("tiny-flan", "expected.json").GetProperty("fp32").GetProperty("tokenizer").EnumerateArray())
        {
            var ids = sample.GetProperty("ids").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            Assert.Equal(ids, tokenizer.Encode(sample.GetProperty("text").GetString()!));
        }
    }

    [Fact]
    public void Fp32_weights_match_the_reference()
    {
        using var backbone = T5CheckpointLoader.Load(Dir, BackboneDtype.Fp32);
        AssertModelMatches(backbone.Model, Expected.Load("tiny-flan", "expected.json").GetProperty("fp32").GetProperty("model"));
    }

    [Fact]
    public void Bf16_stored_weights_computed_in_fp32_match_their_reference()
    {
        string folder = Path.Combine(Path.GetTempPath(), "peftu-bf16-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Path.Combine(Dir, "config.json"), Path.Combine(folder, "config.json"));
            File.Copy(Path.Combine(Dir, "model.bf16.safetensors"), Path.Combine(folder, "model.safetensors"));
            using var backbone = T5CheckpointLoader.Load(folder, BackboneDtype.Fp32);
            Assert.Equal(ScalarType.Float32, backbone.Model.Dtype);
            AssertModelMatches(backbone.Model, Expected.Load("tiny-flan", "expected.json").GetProperty("bf16_weights_fp32_compute"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Prompts_tokenize_to_the_reference_input_ids()
    {
        var expected = Expected.Load("tiny-flan", "expected.json").GetProperty("fp32").GetProperty("model");
        var prompts = expected.GetProperty("prompts").EnumerateArray().Select(p => p.GetString()!).ToList();
        var (ids, mask) = T5Tokenizer.FromFolder(Dir).EncodeBatch(prompts);
        Assert.Equal(Expected.IdRows(expected.GetProperty("input_ids")), ToRows(ids));
        Assert.Equal(Expected.IdRows(expected.GetProperty("attention_mask")), ToRows(mask));
    }

    [Fact]
    public void Greedy_text_decodes_like_the_reference()
    {
        var expected = Expected.Load("tiny-flan", "expected.json").GetProperty("fp32").GetProperty("model");
        var tokenizer = T5Tokenizer.FromFolder(Dir);
        var rows = Expected.IdRows(expected.GetProperty("greedy_new_tokens"));
        var texts = expected.GetProperty("greedy_text").EnumerateArray().Select(t => t.GetString()).ToArray();
        Assert.Equal(texts, rows.Select(r => tokenizer.Decode(r)).ToArray());
    }

    internal static void AssertModelMatches(T5Model model, JsonElement expected)
    {
        using var scope = NewDisposeScope();
        var inputIds = Expected.Ids(expected.GetProperty("input_ids"));
        var mask = Expected.Ids(expected.GetProperty("attention_mask"));
        using (no_grad())
        {
            var encoded = model.Encode(inputIds, mask);
            Expected.AssertMatches(encoded.Hidden, expected.GetProperty("encoder_last_hidden_state"));
            Expected.AssertMatches(model.Decode(Expected.Ids(expected.GetProperty("decoder_input_ids")), encoded), expected.GetProperty("logits"));
        }
        AssertLabelScores(model, inputIds, mask, expected.GetProperty("label_scores"), 1e-4);
        var greedy = Expected.IdRows(expected.GetProperty("greedy_new_tokens"));
        Assert.Equal(greedy, GreedyGenerator.Generate(model, inputIds, mask, greedy[0].Length));
    }

    internal static void AssertLabelScores(T5Model model, Tensor inputIds, Tensor mask, JsonElement labelScores, double tolerance)
    {
        var labels = labelScores.EnumerateArray().ToList();
        var labelIds = labels.Select(l => l.GetProperty("label_ids").EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToList();
        var scores = LabelScorer.Score(model, inputIds, mask, labelIds);
        for (int l = 0; l < labels.Count; l++)
        {
            var expected = labels[l].GetProperty("sum_logprob").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var actual = Enumerable.Range(0, expected.Length).Select(r => scores.Sum[r, l]).ToArray();
            Expected.AssertClose(expected, actual, tolerance);
            Assert.Equal(actual.Select(a => a / labelIds[l].Length).ToArray(), Enumerable.Range(0, expected.Length).Select(r => scores.Mean[r, l]).ToArray());
        }
    }

    private static long[][] ToRows(Tensor t) =>
        Enumerable.Range(0, (int)t.shape[0]).Select(r => t[r].data<long>().ToArray()).ToArray();
}
