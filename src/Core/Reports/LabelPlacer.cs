namespace PeftU.Core.Reports;

/// <summary>Places point labels in pixel space so that no two labels overlap and no label covers a marker: each label
/// takes the first free spot of a fixed list around its point (right, left, above, below, then further out), in
/// the order given, so the same points always get the same layout. A label that finds no free spot takes the one
/// with the least overlap.</summary>
public static class LabelPlacer
{
    public readonly record struct Box(float Left, float Top, float Width, float Height)
    {
        public float Right => Left + Width;

        public float Bottom => Top + Height;

        public bool Overlaps(Box other) =>
            Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;

        public float OverlapArea(Box other) =>
            Math.Max(0, Math.Min(Right, other.Right) - Math.Max(Left, other.Left)) * Math.Max(0, Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top));
    }

    /// <summary>Top-left corners for labels of the given sizes at the given points, inside <paramref name="area"/>;
    /// markers are squares of <paramref name="markerRadius"/> around every point.</summary>
    public static IReadOnlyList<Box> Place(IReadOnlyList<(float X, float Y)> points, IReadOnlyList<(float Width, float Height)> sizes, Box area,
        float markerRadius, float gap = 4)
    {
        var markers = points.Select(p => new Box(p.X - markerRadius, p.Y - markerRadius, 2 * markerRadius, 2 * markerRadius)).ToList();
        var placed = new List<Box>();
        for (int i = 0; i < points.Count; i++)
        {
            var (x, y) = points[i];
            var (w, h) = sizes[i];
            Box best = default;
            float bestCost = float.MaxValue;
            foreach (var (dx, dy) in Offsets(w, h, markerRadius + gap))
            {
                var box = new Box(x + dx, y + dy, w, h);
                float cost = placed.Concat(markers).Sum(b => b.OverlapArea(box)) + Outside(box, area);
                if (cost < bestCost)
                {
                    best = box;
                    bestCost = cost;
                    if (cost == 0)
                        break;
                }
            }
            placed.Add(best);
        }
        return placed;
    }

    /// <summary>Candidate offsets of the label's top-left from its point, nearest first.</summary>
    private static IEnumerable<(float Dx, float Dy)> Offsets(float w, float h, float r)
    {
        for (int ring = 0; ring < 8; ring++)
        {
            float step = ring * (h + 2);
            yield return (r, -h / 2 - step);          // right, moving up
            yield return (r, -h / 2 + step);          // right, moving down
            yield return (-r - w, -h / 2 - step);     // left
            yield return (-r - w, -h / 2 + step);
            yield return (-w / 2, -r - h - step);     // above
            yield return (-w / 2, r + step);          // below
        }
    }

    // Weighted above overlaps: a label cut off at the edge is worse than one touching another.
    private static float Outside(Box box, Box area) => 10 * (box.Width * box.Height - box.OverlapArea(area));
}
