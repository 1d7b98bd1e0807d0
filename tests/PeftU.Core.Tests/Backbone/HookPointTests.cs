using PeftU.Abstractions.Backbone;
using PeftU.Core.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Tests.Backbone;

public sealed class HookPointTests
{
    [Fact]
    public void Sites_use_hf_module_names_and_cover_every_projection()
    {
        using var backbone = TinyFlan.Load();
        var hooks = backbone.Model.Hooks;
        var names = backbone.Model.state_dict().Keys.ToHashSet();
        Assert.All(hooks.Linears, l => Assert.Contains(l.Name + ".weight", names));
        // 2 encoder blocks × (4 attention + 3 gated FFN) + 2 decoder blocks × (8 attention + 3 FFN)
        Assert.Equal(2 * 7 + 2 * 11, hooks.Linears.Count);
        Assert.Equal(6, hooks.Attentions.Count);
        Assert.Equal(10, hooks.Sublayers.Count);
        Assert.Contains(hooks.Linears, l => l.Name == "decoder.block.1.layer.1.EncDecAttention.q" && l.Attention == AttentionKind.DecoderCross);
        Assert.Contains(hooks.Linears, l => l.Name == "encoder.block.0.layer.1.DenseReluDense.wi_1" && l.IsFeedForward);
    }

    public static TheoryData<string> HookKinds => ["linear-input", "linear-output", "sublayer", "block", "kv-prefix", "embedding-prefix"];

    [Theory]
    [MemberData(nameof(HookKinds))]
    public void Each_hook_kind_changes_the_output_and_detaching_restores_it_exactly(string kind)
    {
        using var backbone = TinyFlan.Load();
        var model = backbone.Model;
        var (ids, mask) = TinyFlan.Prompts();
        using var noGrad = no_grad();
        var plain = model.Forward(ids, mask, TinyFlan.DecoderIds());

        int calls = 0;
        using (Attach(model.Hooks, kind, () => calls++))
        {
            var hooked = model.Forward(ids, mask, TinyFlan.DecoderIds());
            Assert.True(calls > 0);
            Assert.False(hooked.allclose(plain, rtol: 0, atol: 1e-6), $"{kind} hook had no effect");
        }
        Assert.True(model.Forward(ids, mask, TinyFlan.DecoderIds()).equal(plain).all().item<bool>());
    }

    [Fact]
    public void Hooks_receive_each_rows_user_index()
    {
        using var backbone = TinyFlan.Load();
        var model = backbone.Model;
        var (ids, mask) = TinyFlan.Prompts();
        var scale = tensor(new float[] { 1f, 3f });
        var site = model.Hooks.Linears.First(l => l.Module == "k" && l.Attention == AttentionKind.EncoderSelf);
        using var hook = model.Hooks.AddLinearOutput(site, (_, _, output, context) => output * scale[context.UserIndex].view(-1, 1, 1));
        using var noGrad = no_grad();
        var asUser0 = model.Encode(ids, mask, tensor(new long[] { 0, 0 })).Hidden;
        var mixed = model.Encode(ids, mask, tensor(new long[] { 0, 1 })).Hidden;
        Assert.True(asUser0[0].equal(mixed[0]).all().item<bool>());
        Assert.False(asUser0[1].allclose(mixed[1]));
    }

    [Fact]
    public void Cached_greedy_decoding_equals_full_recomputation_with_a_decoder_prefix()
    {
        using var backbone = TinyFlan.Load();
        var model = backbone.Model;
        var (ids, mask) = TinyFlan.Prompts();
        using var prefix = Attach(model.Hooks, "kv-prefix", () => { });
        var cached = GreedyGenerator.Generate(model, ids, mask, 6);

        using var noGrad = no_grad();
        var decoded = full(2, 1, 0L);
        var encoded = model.Encode(ids, mask);
        for (int step = 0; step < 6; step++)
        {
            var logits = model.Decode(decoded, encoded);
            decoded = cat([decoded, logits[.., -1, ..].argmax(-1).unsqueeze(1)], 1);
        }
        var recomputed = decoded[.., 1..];
        for (int r = 0; r < 2; r++)
        {
            var row = recomputed[r].data<long>().ToArray();
            int eos = Array.IndexOf(row, 1L);
            var expected = eos < 0 ? row : row.Take(eos + 1).Concat(Enumerable.Repeat(0L, row.Length - eos - 1)).ToArray();
            Assert.Equal(expected, cached[r]);
        }
    }

    [Fact]
    public void Embedding_prefix_extends_the_encoder_output_and_its_mask()
    {
        using var backbone = TinyFlan.Load();
        var model = backbone.Model;
        var (ids, mask) = TinyFlan.Prompts();
        using var prefix = Attach(model.Hooks, "embedding-prefix", () => { });
        using var noGrad = no_grad();
        var encoded = model.Encode(ids, mask);
        Assert.Equal(ids.shape[1] + 3, encoded.Hidden.shape[1]);
        Assert.Equal(3L, encoded.Mask[.., ..3].sum(1)[0].item<long>());
    }

    [Fact]
    public void A_prefix_with_the_wrong_shape_names_the_attention_and_the_expected_shape()
    {
        using var backbone = TinyFlan.Load();
        var model = backbone.Model;
        var site = model.Hooks.Attentions.First(a => a.Kind == AttentionKind.DecoderSelf);
        using var hook = model.Hooks.SetKeyValuePrefix(site, (_, _) => new KeyValuePrefix(zeros(2, 3, 5, 8), zeros(2, 3, 5, 8)));
        var (ids, mask) = TinyFlan.Prompts();
        var error = Assert.Throws<PeftU.Core.Backbone.BackboneException>(() => model.Forward(ids, mask, TinyFlan.DecoderIds()));
        Assert.Contains("decoder.block.0.layer.0.SelfAttention: prefix keys has shape [2, 3, 5, 8], expected [2, 4, prefix_length, 8]", error.Message);
    }

    private static IDisposable Attach(IBackboneHooks hooks, string kind, Action called)
    {
        var generator = new Generator(7);
        Tensor Noise(params long[] shape) => randn(shape, generator: generator);
        var dims = hooks.Dims;
        switch (kind)
        {
            case "linear-input":
                var wo = hooks.Linears.First(l => l.Module == "wo" && l.Stack == StackKind.Decoder);
                return hooks.AddLinearInput(wo, (_, x, _) => { called(); return x * 1.5; });
            case "linear-output":
                var q = hooks.Linears.First(l => l.Module == "q" && l.Attention == AttentionKind.DecoderCross);
                return hooks.AddLinearOutput(q, (_, _, y, _) => { called(); return y * 2; });
            case "sublayer":
                return Many(hooks.Sublayers.Where(s => s.Kind == SublayerKind.FeedForward)
                    .Select(s => hooks.AddSublayerOutput(s, (_, h, _) => { called(); return h + 0.5; })));
            case "block":
                return hooks.AddBlockOutput(hooks.Blocks[0], (_, h, _) => { called(); return h * 0.5; });
            case "kv-prefix":
                var keys = Noise(1, dims.NumHeads, 4, dims.DKv);
                var values = Noise(1, dims.NumHeads, 4, dims.DKv);
                return Many(hooks.Attentions.Where(a => a.Kind == AttentionKind.DecoderSelf).Select(a => hooks.SetKeyValuePrefix(a, (_, context) =>
                {
                    called();
                    long batch = context.UserIndex.shape[0];
                    return new KeyValuePrefix(keys.expand(batch, -1, -1, -1), values.expand(batch, -1, -1, -1));
                })));
            case "embedding-prefix":
                var prompt = Noise(1, 3, dims.DModel);
                return hooks.SetEncoderEmbeddingPrefix((x, _) => { called(); return prompt.expand(x.shape[0], -1, -1); });
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static IDisposable Many(IEnumerable<IDisposable> handles) => new Handles([.. handles]);

    private sealed class Handles(IDisposable[] all) : IDisposable
    {
        public void Dispose()
        {
            foreach (var handle in all)
                handle.Dispose();
        }
    }
}
