using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Tests.Backbone;

/// <summary>A real third-party HF T5 checkpoint (relu, 1 head, tied head with extra embed_tokens copies) against
/// HF-semantics reference outputs, including a 300-token input that reaches the far position buckets.</summary>
public sealed class ChronosTinyParityTests
{
    public ChronosTinyParityTests() => TorchRuntime.Initialize();

    [Theory]
    [InlineData("single")]
    [InlineData("padded_batch")]
    [InlineData("long_300")]
    public void Encoder_states_logits_and_greedy_ids_match_the_reference(string name)
    {
        var expected = Expected.Load("chronos-tiny", "expected.json").GetProperty("cases").GetProperty(name);
        using var backbone = T5CheckpointLoader.Load(Expected.ModelDir("chronos-tiny"), BackboneDtype.Fp32);
        using var scope = NewDisposeScope();
        var inputIds = Expected.Ids(expected.GetProperty("input_ids"));
        var mask = Expected.Ids(expected.GetProperty("attention_mask"));
        var decoderIds = Expected.Ids(expected.GetProperty("decoder_input_ids"));

        using var noGrad = no_grad();
        var encoded = backbone.Model.Encode(inputIds, mask);
        Expected.AssertMatches(encoded.Hidden, expected.GetProperty("encoder_last_hidden_state"));
        Expected.AssertMatches(backbone.Model.Decode(decoderIds, encoded), expected.GetProperty("logits"));

        var greedy = Expected.IdRows(expected.GetProperty("greedy_new_tokens"));
        Assert.Equal(greedy, GreedyGenerator.Generate(backbone.Model, inputIds, mask, greedy[0].Length));
    }
}
