using PeftU.Abstractions.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Tests.Backbone;

/// <summary>The per-row draws behind every dropout site: a row's values depend on its key, the site and the element's
/// coordinates only — not on batch mates, padding or the process.</summary>
public sealed class RowRandomTests
{
    public RowRandomTests() => TorchRuntime.Initialize();

    private static RowRandom Rows(params long[] keys) => new(tensor(keys));

    [Fact]
    public void A_rows_draws_do_not_depend_on_its_batch_mates_or_its_place_in_the_batch()
    {
        var alone = Rows(42).Uniform([1, 5, 8], "encoder.block.0.layer.0.dropout");
        var inBatch = Rows(7, 9, 42).Uniform([3, 5, 8], "encoder.block.0.layer.0.dropout");
        Assert.True(alone[0].equal(inBatch[2]).all().item<bool>());
        Assert.False(inBatch[0].equal(inBatch[1]).all().item<bool>());
    }

    [Fact]
    public void Padding_leaves_the_real_positions_draws_unchanged()
    {
        var random = Rows(3, 4);
        var tight = random.Uniform([2, 4, 5, 5], "decoder.block.1.layer.0.SelfAttention.dropout");
        var padded = random.Uniform([2, 4, 9, 12], "decoder.block.1.layer.0.SelfAttention.dropout");
        Assert.True(tight.equal(padded[.., .., ..5, ..5]).all().item<bool>());
    }

    [Fact]
    public void Sites_and_keys_draw_differently_and_coordinates_are_not_interchangeable()
    {
        var a = Rows(1).Uniform([1, 6, 6], "site.a");
        Assert.False(a.equal(Rows(1).Uniform([1, 6, 6], "site.b")).all().item<bool>());
        Assert.False(a.equal(Rows(2).Uniform([1, 6, 6], "site.a")).all().item<bool>());
        Assert.False(a[0].equal(a[0].t()).all().item<bool>());
    }

    [Fact]
    public void Draws_are_uniform_and_dropout_keeps_one_minus_p_scaled_by_its_inverse()
    {
        var random = Rows([.. Enumerable.Range(0, 16).Select(i => (long)i * 7919)]);
        var u = random.Uniform([16, 64, 64], "stats");
        Assert.InRange(u.min().item<float>(), 0f, 0.001f);
        Assert.InRange(u.max().item<float>(), 0.999f, 1f);
        Assert.InRange(u.mean().item<float>(), 0.495f, 0.505f);
        Assert.InRange(u.lt(0.1).to(ScalarType.Float32).mean().item<float>(), 0.097f, 0.103f);

        var x = ones(16, 64, 64);
        var dropped = random.Dropout(x, 0.25, "stats");
        var kept = dropped.ne(0);
        Assert.InRange(kept.to(ScalarType.Float32).mean().item<float>(), 0.74f, 0.76f);
        Assert.True(dropped.masked_select(kept).eq(1 / 0.75f).all().item<bool>());
        Assert.True(random.Dropout(x, 0, "stats").equal(x).all().item<bool>());
        Assert.True(random.Dropout(x, 1 - 1e-11, "stats").eq(0).all().item<bool>()); // rounds to a rate of 1: all dropped
    }

    [Fact]
    public void Masks_of_different_rows_and_sites_are_independent()
    {
        // Two independent masks at p agree on p² + (1 − p)² of their elements; correlated hashes would agree more.
        var random = Rows(1, 2);
        var x = ones(2, 128, 256);
        var a = random.Dropout(x, 0.5, "site.a").ne(0);
        var b = random.Dropout(x, 0.5, "site.b").ne(0);
        float Agreement(Tensor u, Tensor v) => u.eq(v).to(ScalarType.Float32).mean().item<float>();
        Assert.InRange(Agreement(a[0], a[1]), 0.49f, 0.51f);
        Assert.InRange(Agreement(a[0], b[0]), 0.49f, 0.51f);
        Assert.InRange(Agreement(a[0, .., ..128], a[0, .., 128..]), 0.49f, 0.51f);
        Assert.InRange(Agreement(a[0, ..64], a[0, 64..]), 0.49f, 0.51f);
    }

    [Fact]
    public void Keys_and_draws_are_the_same_in_every_process()
    {
        // Pinned values: a change to the hash would silently change every run's dropout masks (and so resumed results).
        Assert.Equal(3_068_072_155L, RowRandom.Key(1, 2, 3));
        var u = Rows(RowRandom.Key(1, 2, 3)).Uniform([1, 3], "pinned").data<float>().ToArray();
        Assert.Equal([0.388867617f, 0.896971703f, 0.935751498f], u);
        var dropped = Rows(RowRandom.Key(1, 2, 3)).Dropout(ones(1, 2, 8), 0.5, "pinned").ne(0).to(ScalarType.Int64).data<long>().ToArray();
        Assert.Equal(PinnedKept, string.Concat(dropped));
    }

    private const string PinnedKept = "1011100110101101";

    [Fact]
    public void Int32_products_wrap_as_the_int64_product_modulo_two_to_the_32()
    {
        // Dropout's full-size multiply runs in int32 and relies on it wrapping. Odd lengths reach the kernels' scalar tails.
        foreach (long n in new long[] { 1, 15, 1037, 65_539 })
        {
            var x = randint(int.MinValue, int.MaxValue, [n], dtype: ScalarType.Int64);
            var wrapped = x.to(ScalarType.Int32).mul(0x7FEB_352D).to(ScalarType.Int64);
            var low = (x * 0x7FEB_352DL) & 0xFFFF_FFFFL;
            var expected = low - low.ge(1L << 31).to(ScalarType.Int64) * (1L << 32);
            Assert.True(wrapped.equal(expected).all().item<bool>(), $"int32 products do not wrap at length {n}");
        }
    }

    [Fact]
    public void Differences_between_rows_are_not_the_same_along_a_row()
    {
        // Rows and columns meet in an xor before the multiply; without it, the pattern by which two rows differ would
        // repeat along the columns.
        var a = Rows(1, 2).Dropout(ones(2, 4, 1024), 0.5, "site").ne(0);
        var differ = a[0].ne(a[1]);
        Assert.InRange(differ[.., ..512].eq(differ[.., 512..]).to(ScalarType.Float32).mean().item<float>(), 0.47f, 0.53f);
        Assert.InRange(differ[..2].eq(differ[2..]).to(ScalarType.Float32).mean().item<float>(), 0.47f, 0.53f);
    }

    [Fact]
    public void Eval_mode_and_zero_rate_draw_nothing()
    {
        var x = ones(2, 3);
        var context = new HookContext(() => zeros(2, dtype: ScalarType.Int64), () => throw new Xunit.Sdk.XunitException("drew in eval mode"),
            training: false, ScalarType.Float32, CPU);
        Assert.Same(x, context.Dropout(x, 0.5, "site"));
        var training = new HookContext(() => zeros(2, dtype: ScalarType.Int64), () => throw new Xunit.Sdk.XunitException("drew at p = 0"),
            training: true, ScalarType.Float32, CPU);
        Assert.Same(x, training.Dropout(x, 0, "site"));
    }
}
