using System.Globalization;
using PeftU.Abstractions.Backbone;
using PeftU.Core.Backbone;
using static TorchSharp.torch;

namespace PeftU.Benchmarks;

/// <summary>What per-row dropout draws cost (RowRandom: a coordinate hash in tensor ops, so a user's masks do not depend
/// on its batch mates): first the draw alone against torch's own dropout on the shapes a flan-t5-base step drops
/// (attention weights 8×12×128×128, hidden states 8×128×768) and the quickstart's tiny model drops (128 rows), then a whole forward+backward step at 8×128 with dropout
/// on against the same step with dropout off.</summary>
internal static class DropoutBenchmark
{
    public static void Run(bool quick)
    {
        int repeats = quick ? 3 : 10;
        Console.WriteLine("dropout p=0.1, fp32: RowRandom (keyed per row) vs torch.nn.functional.dropout (global generator)");
        foreach (long[] shape in new[] { new long[] { 8, 12, 128, 128 }, [8, 128, 768], [128, 4, 24, 24], [128, 24, 64] })
        {
            using var x = randn(shape);
            var random = RowRandom.FromGlobalGenerator(shape[0], CPU);
            double keyed = Timing.BestSeconds(repeats, () => { using var scope = NewDisposeScope(); random.Dropout(x, 0.1, "site"); });
            double native = Timing.BestSeconds(repeats, () => { using var scope = NewDisposeScope(); nn.functional.dropout(x, 0.1, true); });
            Console.WriteLine(F($"  [{string.Join("x", shape)}]: keyed {keyed * 1e3:F1} ms, torch {native * 1e3:F1} ms → {keyed / native:F2}× torch's time"));
        }

        var config = T5Config.Load(Path.Combine(AppContext.BaseDirectory, "flan-t5-base.config.json"));
        var auto = DtypeProbe.Resolve(BackboneDtype.Auto, CPU);
        using var model = BackboneBenchmark.RandomModel(config, auto.Dtype);
        int stepRepeats = quick ? 1 : 3;
        model.train();
        double on = Timing.BestSeconds(stepRepeats, () => BackboneBenchmark.ForwardBackward(model, 8));
        model.eval();
        double off = Timing.BestSeconds(stepRepeats, () => BackboneBenchmark.ForwardBackward(model, 8));
        Console.WriteLine(F($"forward+backward 8x128 ({auto.Name}): dropout on {on:F2} s, off {off:F2} s → dropout adds {(on / off - 1):P0}"));
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
