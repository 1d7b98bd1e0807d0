namespace PeftU.Host.Cli;

/// <summary>Where a CLI invocation writes and what environment it sees; tests pass their own.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, Func<string, string?> GetEnvironmentVariable);
