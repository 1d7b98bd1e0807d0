using PeftU.Core.Reports;
using Box = PeftU.Core.Reports.LabelPlacer.Box;

namespace PeftU.Core.Tests.Reports;

/// <summary>Point labels never overlap each other or a marker, stay inside the plot and are laid out the same way
/// every time.</summary>
public sealed class LabelPlacerTests
{
    private static readonly Box Area = new(0, 0, 800, 450);

    [Fact]
    public void Labels_of_coinciding_and_crowded_points_do_not_overlap_each_other_or_any_marker()
    {
        // Two frozen methods at one spot, two methods with equal counts and near-equal accuracies, a crowd in a corner.
        (float, float)[] points = [(60, 300), (60, 300), (300, 120), (300, 124), (310, 118), (790, 10), (785, 14), (400, 440)];
        (float, float)[] sizes = [.. points.Select((_, i) => (60f + 10 * i, 15f))];
        var boxes = LabelPlacer.Place(points, sizes, Area, markerRadius: 5);

        Assert.Equal(points.Length, boxes.Count);
        for (int i = 0; i < boxes.Count; i++)
        {
            Assert.Equal(sizes[i], (boxes[i].Width, boxes[i].Height));
            Assert.True(boxes[i].Left >= Area.Left && boxes[i].Right <= Area.Right && boxes[i].Top >= Area.Top && boxes[i].Bottom <= Area.Bottom,
                $"label {i} at {boxes[i]} leaves the plot");
            for (int j = 0; j < boxes.Count; j++)
            {
                if (j != i)
                    Assert.False(boxes[i].Overlaps(boxes[j]), $"labels {i} and {j} overlap: {boxes[i]} / {boxes[j]}");
            }
            foreach (var (x, y) in points)
                Assert.False(boxes[i].Overlaps(new Box(x - 5, y - 5, 10, 10)), $"label {i} covers the marker at ({x}, {y})");
        }
        Assert.Equal(boxes, LabelPlacer.Place(points, sizes, Area, markerRadius: 5));
    }

    [Fact]
    public void A_lone_label_sits_right_of_its_point_centred_on_it()
    {
        var box = Assert.Single(LabelPlacer.Place([(100, 200)], [(50, 14)], Area, markerRadius: 5, gap: 4));
        Assert.Equal(new Box(109, 193, 50, 14), box);
    }
}
