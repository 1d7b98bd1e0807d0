using PeftU.Abstractions.IO;
using ScottPlot;

namespace PeftU.Core.Reports;

/// <summary>The report's PNG plots (ScottPlot, headless): accuracy per method per task with CI bars, each task's
/// per-user accuracy distribution, and trainable parameters vs accuracy. Returns the files written, relative to the
/// folder.</summary>
public static class PlotWriter
{
    private const int Width = 900, Height = 520;

    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<CellResult> cells)
    {
        var done = cells.Where(c => c.Metrics is not null).ToList();
        if (done.Count == 0)
            return [];
        var files = new List<string> { Save(folder, "accuracy.png", Accuracy(done)) };
        foreach (var task in done.GroupBy(c => c.Cell.Task))
            files.Add(Save(folder, $"user-accuracy-{task.Key}.png", UserAccuracy(task.Key, [.. task])));
        files.Add(Save(folder, "params-vs-accuracy.png", ParamsVsAccuracy(done)));
        return files;
    }

    private static Plot Accuracy(IReadOnlyList<CellResult> cells)
    {
        var plot = new Plot();
        var methods = cells.Select(c => c.Cell.Cell).Distinct().ToList();
        var tasks = cells.Select(c => c.Cell.Task).Distinct().ToList();
        var palette = new ScottPlot.Palettes.Category10();
        double group = methods.Count + 1;
        var bars = new List<Bar>();
        foreach (var c in cells)
        {
            int m = methods.IndexOf(c.Cell.Cell), t = tasks.IndexOf(c.Cell.Task);
            var metrics = c.Metrics!;
            bars.Add(new Bar
            {
                Position = t * group + m,
                Value = metrics.MeanUserAccuracy * 100,
                ValueBase = 0,
                Error = (metrics.CiHigh - metrics.CiLow) * 50,
                FillColor = palette.GetColor(m),
            });
        }
        plot.Add.Bars(bars);
        for (int m = 0; m < methods.Count; m++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = methods[m], FillColor = palette.GetColor(m) });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. tasks.Select((_, t) => t * group + (methods.Count - 1) / 2.0)], [.. tasks]);
        plot.Axes.SetLimitsY(0, 105);
        plot.YLabel("Mean per-user accuracy (%)");
        plot.Title("Accuracy per method and task (bars: 95% bootstrap CI over users)");
        return plot;
    }

    private static Plot UserAccuracy(string task, IReadOnlyList<CellResult> cells)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int m = 0; m < cells.Count; m++)
        {
            var accuracies = cells[m].Metrics!.UserAccuracy.Values.Order().ToArray();
            // Deterministic spread along x so equal accuracies stay visible.
            var xs = accuracies.Select((_, i) => m + (accuracies.Length == 1 ? 0 : (i / (double)(accuracies.Length - 1) - 0.5) * 0.6)).ToArray();
            var points = plot.Add.Markers(xs, [.. accuracies.Select(a => a * 100)], MarkerShape.FilledCircle, 5, palette.GetColor(m));
            points.LegendText = cells[m].Cell.Cell;
            var mean = plot.Add.Line(m - 0.4, cells[m].Metrics!.MeanUserAccuracy * 100, m + 0.4, cells[m].Metrics!.MeanUserAccuracy * 100);
            mean.Color = Colors.Black;
            mean.LineWidth = 2;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. cells.Select((_, m) => (double)m)], [.. cells.Select(c => c.Cell.Cell)]);
        plot.Axes.SetLimitsY(-2, 102);
        plot.YLabel("Per-user test accuracy (%)");
        plot.Title($"{task}: per-user accuracy (line: mean over users)");
        return plot;
    }

    private static Plot ParamsVsAccuracy(IReadOnlyList<CellResult> cells)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var tasks = cells.Select(c => c.Cell.Task).Distinct().ToList();
        foreach (var task in tasks)
        {
            var list = cells.Where(c => c.Cell.Task == task).ToList();
            // Frozen baselines (0 parameters) sit at 10^0 on the log axis.
            var xs = list.Select(c => Math.Log10(Math.Max(1, c.Cell.TrainableParams))).ToArray();
            var ys = list.Select(c => c.Metrics!.MeanUserAccuracy * 100).ToArray();
            var points = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 8, palette.GetColor(tasks.IndexOf(task)));
            points.LegendText = task;
            for (int i = 0; i < list.Count; i++)
            {
                var label = plot.Add.Text(list[i].Cell.Cell, xs[i], ys[i]);
                label.LabelFontSize = 11;
                label.OffsetY = -6;
            }
        }
        plot.ShowLegend(Alignment.LowerRight);
        plot.XLabel("log10(trainable parameters per user)");
        plot.YLabel("Mean per-user accuracy (%)");
        plot.Axes.SetLimitsY(0, 105);
        plot.Title("Trainable parameters vs accuracy");
        return plot;
    }

    private static string Save(string folder, string name, Plot plot)
    {
        byte[] png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        AtomicFile.Write(Path.Combine(folder, name), stream => stream.Write(png));
        return name;
    }
}
