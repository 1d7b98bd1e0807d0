using System.Globalization;

namespace PeftU.Core.Reports;

/// <summary>The x axis of params-vs-accuracy: log10 of the trainable parameters, with frozen methods (0 parameters) at
/// a position of their own one decade left of the first decade tick, behind a break — never at log10 = 0, which would
/// read as one parameter.</summary>
public sealed class ParamsAxis
{
    private ParamsAxis(double zero, int firstDecade, int lastDecade, bool hasZero)
    {
        ZeroPosition = zero;
        FirstDecade = firstDecade;
        LastDecade = lastDecade;
        HasZero = hasZero;
    }

    /// <summary>Where 0 parameters sits (left of <see cref="BreakPosition"/>).</summary>
    public double ZeroPosition { get; }

    public int FirstDecade { get; }

    public int LastDecade { get; }

    public bool HasZero { get; }

    /// <summary>The dashed line between the 0 position and the log scale; none without frozen methods.</summary>
    public double? BreakPosition => HasZero && LastDecade >= FirstDecade ? ZeroPosition + 0.5 : null;

    public double Min => (HasZero ? ZeroPosition : FirstDecade) - 0.5;

    public double Max => Math.Max(LastDecade, HasZero ? ZeroPosition : LastDecade) + 0.5;

    public static ParamsAxis For(IEnumerable<long> counts)
    {
        var list = counts.ToList();
        var logs = list.Where(c => c > 0).Select(c => Math.Log10(c)).ToList();
        bool hasZero = list.Any(c => c <= 0);
        if (logs.Count == 0)
            return new ParamsAxis(0, 1, 0, hasZero); // only frozen methods: the 0 position alone
        int first = (int)Math.Floor(logs.Min()), last = (int)Math.Ceiling(logs.Max());
        if (last == first)
            last++;
        return new ParamsAxis(first - 1, first, last, hasZero);
    }

    public double Position(long count) => count <= 0 ? ZeroPosition : Math.Log10(count);

    /// <summary>Tick positions and labels: "0" (when present) and every decade (10, 100, 1K, …, 1M).</summary>
    public (double[] Positions, string[] Labels) Ticks()
    {
        var ticks = new List<(double, string)>();
        if (HasZero)
            ticks.Add((ZeroPosition, "0"));
        for (int d = FirstDecade; d <= LastDecade; d++)
            ticks.Add((d, Decade(d)));
        return ([.. ticks.Select(t => t.Item1)], [.. ticks.Select(t => t.Item2)]);
    }

    private static string Decade(int exponent)
    {
        string[] suffixes = ["", "K", "M", "G", "T"];
        if (exponent < 0 || exponent / 3 >= suffixes.Length)
            return "1e" + exponent.ToString(CultureInfo.InvariantCulture);
        return Math.Pow(10, exponent % 3).ToString(CultureInfo.InvariantCulture) + suffixes[exponent / 3];
    }
}
