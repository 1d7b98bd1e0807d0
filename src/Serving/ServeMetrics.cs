using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace PeftU.Serving;

/// <summary>Counters for <c>GET /metrics</c> in Prometheus' text format: requests by endpoint and status, the rows of
/// each forward pass (how well dynamic batching coalesces), and request latency.</summary>
public sealed class ServeMetrics
{
    private static readonly double[] RowBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256];
    private static readonly double[] SecondBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<(string Endpoint, int Status), long> _requests = new();
    private readonly Histogram _rows = new(RowBuckets);
    private readonly Histogram _latency = new(SecondBuckets);
    private long _rowsTotal;
    private long _passes;

    public void Request(string endpoint, int status, double seconds)
    {
        _requests.AddOrUpdate((endpoint, status), 1, (_, n) => n + 1);
        _latency.Observe(seconds);
    }

    public void Pass(int rows)
    {
        Interlocked.Increment(ref _passes);
        Interlocked.Add(ref _rowsTotal, rows);
        _rows.Observe(rows);
    }

    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>Mean rows per forward pass so far.</summary>
    public double MeanBatch => Passes == 0 ? 0 : (double)Interlocked.Read(ref _rowsTotal) / Passes;

    public long RequestCount(string endpoint, int status) => _requests.GetValueOrDefault((endpoint, status));

    public string Text(int queueDepth, int usersLoaded)
    {
        var text = new StringBuilder();
        text.AppendLine("# HELP peftu_requests_total HTTP requests by endpoint and status.");
        text.AppendLine("# TYPE peftu_requests_total counter");
        foreach (var ((endpoint, status), n) in _requests.OrderBy(kv => kv.Key.Endpoint, StringComparer.Ordinal).ThenBy(kv => kv.Key.Status))
            text.AppendLine(Invariant($"peftu_requests_total{{endpoint=\"{endpoint}\",status=\"{status}\"}} {n}"));
        _rows.Write(text, "peftu_batch_rows", "Rows (predictions) per forward pass.");
        _latency.Write(text, "peftu_request_seconds", "Request latency in seconds, from arrival to answer.");
        text.AppendLine("# HELP peftu_queue_depth Predictions waiting for a forward pass.");
        text.AppendLine("# TYPE peftu_queue_depth gauge");
        text.AppendLine(Invariant($"peftu_queue_depth {queueDepth}"));
        text.AppendLine("# HELP peftu_users_loaded User modules loaded in banks.");
        text.AppendLine("# TYPE peftu_users_loaded gauge");
        text.AppendLine(Invariant($"peftu_users_loaded {usersLoaded}"));
        return text.ToString();
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed class Histogram(double[] bounds)
    {
        private readonly long[] _counts = new long[bounds.Length + 1];
        private readonly object _gate = new();
        private double _sum;
        private long _count;

        public void Observe(double value)
        {
            lock (_gate)
            {
                int i = Array.FindIndex(bounds, b => value <= b);
                _counts[i < 0 ? bounds.Length : i]++;
                _sum += value;
                _count++;
            }
        }

        public void Write(StringBuilder text, string name, string help)
        {
            lock (_gate)
            {
                text.AppendLine($"# HELP {name} {help}");
                text.AppendLine($"# TYPE {name} histogram");
                long cumulative = 0;
                for (int i = 0; i < bounds.Length; i++)
                {
                    cumulative += _counts[i];
                    text.AppendLine(Invariant($"{name}_bucket{{le=\"{bounds[i]}\"}} {cumulative}"));
                }
                text.AppendLine(Invariant($"{name}_bucket{{le=\"+Inf\"}} {_count}"));
                text.AppendLine(Invariant($"{name}_sum {_sum}"));
                text.AppendLine(Invariant($"{name}_count {_count}"));
            }
        }
    }
}
