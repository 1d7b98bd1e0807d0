using System.Diagnostics;
using System.Globalization;
using PeftU.Core.Backbone;
using static TorchSharp.torch;

namespace PeftU.Benchmarks;

/// <summary>How stable <c>dtype: auto</c>'s decision is from one start-up to the next: the probe runs in fresh
/// processes (the first GEMMs of a process are the noisy ones), alternately the shipped probe (median bf16/fp32 ratio
/// over the step's shapes, warmed up, interleaved) and the earlier one (one shape, best of 5 after a single warm-up
/// call), and prints each one's spread of ratios and of decisions.</summary>
internal static class ProbeBenchmark
{
    public static void Run(bool quick)
    {
        int starts = quick ? 3 : 8;
        var shipped = new List<(double Ratio, double Seconds)>();
        var single = new List<(double Ratio, double Seconds)>();
        for (int i = 0; i < starts; i++)
        {
            shipped.Add(Child("shipped"));
            single.Add(Child("single"));
        }
        Console.WriteLine(F($"dtype probe over {starts} fresh processes each (bf16/fp32 speed ratio; bf16 is picked at ≥ {DtypeProbe.Bf16Margin:0.0})"));
        Print("shipped (median of 4 step shapes, warmed up, interleaved)", shipped);
        Print("single  (512×768×2048, best of 5 after one warm-up call)", single);
    }

    /// <summary>The probe measured once, in this (fresh) process: "ratio seconds".</summary>
    public static void Once(string which)
    {
        var watch = Stopwatch.StartNew();
        double ratio = which == "shipped"
            ? DtypeProbe.MeasureCpu().Ratio
            : DtypeProbe.Gflops(ScalarType.BFloat16) / DtypeProbe.Gflops(ScalarType.Float32);
        Console.WriteLine(F($"{ratio:R} {watch.Elapsed.TotalSeconds:R}"));
    }

    private static (double Ratio, double Seconds) Child(string which)
    {
        var parts = ChildRun.LastLine("probe-once", which).Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static void Print(string name, List<(double Ratio, double Seconds)> runs)
    {
        var ratios = runs.Select(r => r.Ratio).Order().ToList();
        int bf16 = ratios.Count(r => r >= DtypeProbe.Bf16Margin);
        Console.WriteLine(F($"  {name}: ratio min {ratios[0]:0.00}, median {ratios[ratios.Count / 2]:0.00}, max {ratios[^1]:0.00} (max/min {ratios[^1] / ratios[0]:0.00}); picked bf16 {bf16}/{runs.Count}; probe time {runs.Average(r => r.Seconds):0.00} s"));
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
