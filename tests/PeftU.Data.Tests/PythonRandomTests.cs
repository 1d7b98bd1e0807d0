namespace PeftU.Data.Tests;

/// <summary>Known outputs of CPython 3.11's <c>random</c> module.</summary>
public sealed class PythonRandomTests
{
    [Fact]
    public void Getrandbits_32_after_seed_42()
    {
        var random = new PythonRandom(42);

        Assert.Equal([2746317213UL, 478163327UL, 107420369UL], [random.GetRandBits(32), random.GetRandBits(32), random.GetRandBits(32)]);
    }

    [Fact]
    public void Random_after_seed_42()
    {
        // random.seed(42); random.random() == 0.6394267984578837; the next is 0.025010755222666936.
        var random = new PythonRandom(42);

        Assert.Equal(0.6394267984578837, random.NextDouble());
        Assert.Equal(0.025010755222666936, random.NextDouble());
    }

    [Fact]
    public void Shuffle_of_range_10_after_seed_42()
    {
        var random = new PythonRandom(42);
        var items = Enumerable.Range(0, 10).ToList();

        random.Shuffle(items);

        Assert.Equal([7, 3, 2, 8, 5, 6, 9, 4, 0, 1], items);
    }

    [Fact]
    public void Reseeding_restarts_the_sequence()
    {
        var random = new PythonRandom(1);
        random.GetRandBits(32);
        random.Seed(42);

        Assert.Equal(2746317213UL, random.GetRandBits(32));
    }

    [Fact]
    public void Negative_seeds_use_the_magnitude_as_cpython_does()
    {
        Assert.Equal(new PythonRandom(42).GetRandBits(32), new PythonRandom(-42).GetRandBits(32));
    }

    [Fact]
    public void Sample_of_one_draws_randbelow_of_the_population_size()
    {
        var sampler = new PythonRandom(42);
        var reference = new PythonRandom(42);
        string[] population = ["a", "b", "c", "d", "e"];

        var drawn = sampler.Sample(population, 1);

        Assert.Equal(population[reference.RandBelow(5)], Assert.Single(drawn));
        Assert.Equal(reference.GetRandBits(32), sampler.GetRandBits(32));
    }

    [Fact]
    public void Sample_of_zero_draws_nothing()
    {
        var sampler = new PythonRandom(42);

        Assert.Empty(sampler.Sample(Array.Empty<int>(), 0));
        Assert.Equal(2746317213UL, sampler.GetRandBits(32));
    }

    [Fact]
    public void Sample_larger_than_the_population_is_an_error()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PythonRandom(42).Sample([1, 2], 3));
        Assert.Contains("Sample larger than population", error.Message);
    }

    [Fact]
    public void Randbelow_stays_in_range_and_rejects_rather_than_folds()
    {
        var random = new PythonRandom(7);
        var counts = new int[3];
        for (int i = 0; i < 3000; i++)
            counts[random.RandBelow(3)]++;

        Assert.All(counts, c => Assert.InRange(c, 850, 1150));
    }
}
