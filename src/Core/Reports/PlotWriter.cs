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
        plot.ShowLegend(Edge.Right); // outside the data area: it never covers a bar
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
            plot.Add.Markers(xs, [.. accuracies.Select(a => a * 100)], MarkerShape.FilledCircle, 5, palette.GetColor(m)); // named by the x ticks: no legend over the points
            var mean = plot.Add.Line(m - 0.4, cells[m].Metrics!.MeanUserAccuracy * 100, m + 0.4, cells[m].Metrics!.MeanUserAccuracy * 100);
            mean.Color = Colors.Black;
            mean.LineWidth = 2;
        }
        var names = cells.Select(c => c.Cell.Cell).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. cells.Select((_, m) => (double)m)], names);
        // Method names wider than their slot would run into each other: slant them (ScottPlot's rotated-tick recipe).
        float widest = names.Max(n => TextSize(n, TickFontSize).Width);
        if (widest > (Width - 120f) / names.Length)
        {
            plot.Axes.Bottom.TickLabelStyle.FontSize = TickFontSize;
            plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = widest * 0.5f + 20;
        }
        plot.Axes.SetLimitsX(-0.6, cells.Count - 0.4);
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
        var axis = ParamsAxis.For(cells.Select(c => c.Cell.TrainableParams));
        var points = new List<(double X, double Y, string Label)>();
        foreach (var task in tasks)
        {
            var list = cells.Where(c => c.Cell.Task == task).ToList();
            var xs = list.Select(c => axis.Position(c.Cell.TrainableParams)).ToArray();
            var ys = list.Select(c => c.Metrics!.MeanUserAccuracy * 100).ToArray();
            var markers = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, MarkerSize, palette.GetColor(tasks.IndexOf(task)));
            markers.LegendText = task;
            points.AddRange(list.Select((c, i) => (xs[i], ys[i], tasks.Count == 1 ? c.Cell.Cell : $"{c.Cell.Cell} ({task})")));
        }
        if (axis.BreakPosition is { } cut)
        {
            var line = plot.Add.VerticalLine(cut);
            line.Color = Colors.Gray;
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1;
        }
        var (positions, labels) = axis.Ticks();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.SetLimits(axis.Min, axis.Max, 0, 105);
        plot.ShowLegend(Edge.Right);
        plot.XLabel(axis.HasZero ? "Trainable parameters per user (log scale; 0 = frozen backbone, left of the dashed break)" : "Trainable parameters per user (log scale)");
        plot.YLabel("Mean per-user accuracy (%)");
        plot.Title("Trainable parameters vs accuracy");
        AddLabels(plot, points);
        return plot;
    }

    private const float MarkerSize = 8, LabelFontSize = 11, TickFontSize = 12;

    /// <summary>Point labels placed by <see cref="LabelPlacer"/> in the pixels of a first render (the layout is fixed by
    /// then), each joined to its point by a thin line when it had to move away from it.</summary>
    private static void AddLabels(Plot plot, IReadOnlyList<(double X, double Y, string Label)> points)
    {
        plot.RenderInMemory(Width, Height);
        var rect = plot.RenderManager.LastRender.DataRect;
        var pixels = points.Select(p => plot.GetPixel(new Coordinates(p.X, p.Y))).Select(p => (p.X, p.Y)).ToList();
        var sizes = points.Select(p => TextSize(p.Label, LabelFontSize)).ToList();
        var boxes = LabelPlacer.Place(pixels, sizes, new LabelPlacer.Box(rect.Left, rect.Top, rect.Width, rect.Height), MarkerSize / 2 + 1);
        for (int i = 0; i < points.Count; i++)
        {
            var box = boxes[i];
            var corner = plot.GetCoordinates(new Pixel(box.Left, box.Top));
            var text = plot.Add.Text(points[i].Label, corner.X, corner.Y);
            text.LabelFontSize = LabelFontSize;
            text.LabelAlignment = Alignment.UpperLeft;
            float cx = Math.Clamp(pixels[i].X, box.Left, box.Right), cy = Math.Clamp(pixels[i].Y, box.Top, box.Bottom);
            if (Math.Abs(cx - pixels[i].X) + Math.Abs(cy - pixels[i].Y) > 2 * MarkerSize + 4)
            {
                var end = plot.GetCoordinates(new Pixel(cx, cy));
                var leader = plot.Add.Line(points[i].X, points[i].Y, end.X, end.Y);
                leader.Color = Colors.Gray;
                leader.LineWidth = 0.75f;
            }
        }
    }

    /// <summary>A label's pixel size in the plot's default font, with a little room for the font's side bearings.</summary>
    private static (float Width, float Height) TextSize(string text, float size)
    {
        using var font = new SkiaSharp.SKFont(SkiaSharp.SKTypeface.FromFamilyName(Fonts.Default), size);
        return (font.MeasureText(text) + 4, font.Spacing + 2);
    }

    private static string Save(string folder, string name, Plot plot)
    {
        byte[] png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        AtomicFile.Write(Path.Combine(folder, name), stream => stream.Write(png));
        return name;
    }
}
