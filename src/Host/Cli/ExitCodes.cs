namespace PeftU.Host.Cli;

/// <summary>Process exit codes of <c>peftu</c>.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and failed (bad input file, a plugin that failed to load, a training error).</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong; usage was printed.</summary>
    public const int Usage = 2;
}
