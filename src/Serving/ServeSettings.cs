namespace PeftU.Serving;

/// <summary>How <c>peftu serve</c> runs: which cells, where it listens, how it batches and who may change modules.</summary>
public sealed record ServeSettings
{
    public string? Method { get; init; }
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 8080;
    public int MaxBatch { get; init; } = 64;
    public double MaxWaitMs { get; init; } = 5;
    public string Device { get; init; } = "cpu";
    public bool AllowUploads { get; init; }
    public string? Token { get; init; }

    /// <summary>Largest prediction request body (JSON), bytes.</summary>
    public long MaxBodyBytes { get; init; } = 1 << 20;

    /// <summary>Largest module upload, bytes.</summary>
    public long MaxUploadBytes { get; init; } = 256L << 20;

    /// <summary>Most predictions in one batch-form request.</summary>
    public int MaxRequestsPerCall { get; init; } = 1024;
}
