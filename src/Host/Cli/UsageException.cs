namespace PeftU.Host.Cli;

/// <summary>A command line that is wrong in a way the parser cannot see (exit 2, like a parse error).</summary>
public sealed class UsageException(string message) : Exception(message);
