using System.Globalization;
using System.Text;
using PeftU.Core.Results;

namespace PeftU.Core.Reports;

/// <summary><c>results.csv</c>: one row per cell (RFC 4180 quoting), accuracies as fractions.</summary>
public static class CsvReport
{
    private static readonly string[] Header =
    [
        "task", "method", "cell", "options", "trainable_params", "peft_convention_params", "trainable_fraction", "peft_trainable_fraction",
        "mean_user_accuracy", "ci_low", "ci_high", "micro_accuracy", "users", "users_planned", "samples", "seconds",
    ];

    public static string Write(RunManifest manifest, IReadOnlyList<CellResult> cells)
    {
        var csv = new StringBuilder().AppendLine(string.Join(",", Header));
        foreach (var c in cells)
        {
            var m = c.Metrics;
            string[] fields =
            [
                c.Cell.Task, c.Cell.Method, c.Cell.Cell,
                string.Join(";", c.Cell.Options.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")),
                Number(c.Cell.TrainableParams), Number(c.Cell.PeftConventionParams),
                Number(c.TrainableFraction(manifest.BaseParameters)), Number(c.PeftFraction(manifest.BaseParameters)),
                m is null ? "" : Number(m.MeanUserAccuracy), m is null ? "" : Number(m.CiLow), m is null ? "" : Number(m.CiHigh),
                m is null ? "" : Number(m.MicroAccuracy), Number(c.Records.Count), Number(c.Cell.Users.Count), Number(m?.Samples ?? 0), Number(Math.Round(c.Seconds, 3)),
            ];
            csv.AppendLine(string.Join(",", fields.Select(Quote)));
        }
        return csv.ToString();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
