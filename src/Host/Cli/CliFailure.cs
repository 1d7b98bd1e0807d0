using PeftU.Abstractions;
using PeftU.Abstractions.Tasks;
using PeftU.Core.Backbone;
using PeftU.Core.Experiments;
using PeftU.Core.Results;

namespace PeftU.Host.Cli;

/// <summary>The one place a failure becomes what the user sees: a line <c>peftu: &lt;what&gt;</c> (an experiment
/// file's problems as their own file:line:column lines) and an exit code; the stack trace only when debugging
/// (<c>--debug</c> or <c>PEFTU_DEBUG=1</c>), since a trace means a bug, not bad input.</summary>
internal static class CliFailure
{
    public static int Report(Exception e, TextWriter error, bool debug)
    {
        if (e is ExperimentSpecException spec)
        {
            foreach (var problem in spec.Errors)
                error.WriteLine(problem.ToString());
        }
        else
        {
            error.WriteLine("peftu: " + Describe(e));
        }
        if (debug)
            error.WriteLine(e.ToString());
        return e is UsageException ? ExitCodes.Usage : ExitCodes.Failure;
    }

    /// <summary>The message of an error made for the user; for anything else, what happened and how to see more.</summary>
    private static string Describe(Exception e) => e switch
    {
        // One problem fits the one line; several keep their list (the exception's message) below the first line.
        DataFormatException { Problems.Count: 1 } data => $"{data.File}: {data.Problems[0]}",
        UserFacingException { InnerException: DataFormatException { Problems.Count: 1 } data } => $"{data.File}: {data.Problems[0]}",
        UserFacingException or UsageException or BackboneException or DataFormatException or TaskDataException
            or ResultStoreException or PluginOptionException => e.Message,
        IOException or UnauthorizedAccessException => e.Message,
        OutOfMemoryException or InsufficientExecutionStackException =>
            $"not enough memory or stack for this input ({e.Message}); make it smaller",
        _ => $"internal error ({e.GetType().Name}: {FirstLine(e.Message)}); this is a bug — rerun with --debug for the stack trace and report it",
    };

    private static string FirstLine(string text) => text.Split('\n')[0].TrimEnd('\r');
}
