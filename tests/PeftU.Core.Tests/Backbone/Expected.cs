using System.Text.Json;
using PeftU.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Tests.Backbone;

/// <summary>Reads the reference outputs in tests/fixtures/t5/*/expected.json and compares tensors with them
/// (README there: abs 1e-4 on values, rel 1e-4 on sums, exact ids).</summary>
internal static class Expected
{
    public static string ModelDir(string name) => Path.Combine(RepoPaths.Fixtures, "t5", name);

    public static JsonElement Load(params string[] path) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine([RepoPaths.Fixtures, "t5", .. path]))).RootElement;

    public static Tensor Ids(JsonElement rows) =>
        tensor(rows.EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetInt64())).ToArray(),
            [rows.GetArrayLength(), rows[0].GetArrayLength()]);

    public static long[][] IdRows(JsonElement rows) =>
        rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();

    /// <summary>Compares a tensor with a summary: shape, every value when listed (else first/last 16), sum and sum of squares.</summary>
    public static void AssertMatches(Tensor actual, JsonElement summary, double tolerance = 1e-4)
    {
        var shape = summary.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        Assert.Equal(shape, actual.shape);
        var flat = actual.to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
        if (summary.TryGetProperty("values", out var values))
        {
            AssertClose(values.EnumerateArray().Select(v => v.GetDouble()).ToArray(), flat, tolerance);
        }
        else
        {
            AssertClose(Doubles(summary, "first16"), flat[..16], tolerance);
            AssertClose(Doubles(summary, "last16"), flat[^16..], tolerance);
        }
        AssertRelative(summary.GetProperty("sum").GetDouble(), flat.Sum(), tolerance, "sum");
        AssertRelative(summary.GetProperty("sum_sq").GetDouble(), flat.Sum(v => v * v), tolerance, "sum_sq");
    }

    public static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tolerance, $"max abs difference {worst:G4} exceeds {tolerance:G4}");
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what)
    {
        double scale = Math.Max(Math.Abs(expected), 1.0);
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale, $"{what}: expected {expected}, got {actual}");
    }

    private static double[] Doubles(JsonElement summary, string key) => summary.GetProperty(key).EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
