using System.CommandLine;
using PeftU.Abstractions;
using PeftU.Abstractions.Tasks;

namespace PeftU.Host.Cli.Data;

/// <summary>Finds a task plugin by id through the same discovery as every command, with nearest-name errors.</summary>
internal static class TaskLookup
{
    public static Argument<string> TaskArgument() => new("task") { Description = "Task id (see `peftu plugins`), e.g. tweeteval." };

    public static IPeftTask Find(ParseResult parse, CliContext context, Option<string[]> pluginsDir, Argument<string> task) =>
        PluginLookup.Create<IPeftTask>(PluginLookup.Catalog(parse, context, pluginsDir), PluginKind.Task, parse.GetValue(task)!);

    /// <summary>Runs a task operation, turning data and task errors into one-line user errors.</summary>
    public static T Run<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception e) when (e is DataFormatException or TaskDataException)
        {
            throw new UserFacingException(e.Message, e);
        }
    }
}
