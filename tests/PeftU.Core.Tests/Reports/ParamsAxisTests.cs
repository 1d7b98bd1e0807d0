using PeftU.Core.Reports;

namespace PeftU.Core.Tests.Reports;

/// <summary>Params-vs-accuracy's x axis: frozen methods get a "0" position of their own behind a break, never log10 = 0
/// (which is one parameter).</summary>
public sealed class ParamsAxisTests
{
    [Fact]
    public void Zero_parameters_sit_left_of_a_break_one_decade_before_the_first_tick()
    {
        var axis = ParamsAxis.For([0, 1_280, 12_288, 677_440]);
        var (positions, labels) = axis.Ticks();
        Assert.Equal(["0", "1K", "10K", "100K", "1M"], labels);
        Assert.Equal([2.0, 3, 4, 5, 6], positions);
        Assert.Equal(2.0, axis.Position(0));
        Assert.Equal(Math.Log10(1_280), axis.Position(1_280), 12);
        Assert.Equal(2.5, axis.BreakPosition);
        Assert.True(axis.Min < axis.Position(0) && axis.Position(677_440) < axis.Max);
    }

    [Fact]
    public void Zero_and_one_parameter_get_different_positions()
    {
        var axis = ParamsAxis.For([0, 1, 50]);
        Assert.NotEqual(axis.Position(0), axis.Position(1));
        Assert.True(axis.Position(0) < axis.BreakPosition && axis.BreakPosition < axis.Position(1));
        Assert.Equal(["0", "1", "10", "100"], axis.Ticks().Labels);
    }

    [Fact]
    public void Without_frozen_methods_there_is_no_zero_tick_or_break_and_with_only_them_no_decade()
    {
        var trained = ParamsAxis.For([4_640, 5_120]);
        Assert.Null(trained.BreakPosition);
        Assert.Equal(["1K", "10K"], trained.Ticks().Labels);

        var frozen = ParamsAxis.For([0, 0]);
        Assert.Null(frozen.BreakPosition);
        Assert.Equal(["0"], frozen.Ticks().Labels);
        Assert.True(frozen.Min < frozen.Position(0) && frozen.Position(0) < frozen.Max);
    }
}
