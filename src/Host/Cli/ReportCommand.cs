using System.CommandLine;
using PeftU.Core.Reports;
using PeftU.Core.Results;

namespace PeftU.Host.Cli;

/// <summary><c>peftu report DIR</c>: regenerates a run folder's report.md, results.json, results.csv and plots from its
/// manifest and records (no plugins, data or backbone needed).</summary>
public static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("dir") { Description = "A folder written by `peftu run`." };
        var command = new Command("report", "Regenerate the reports of a run folder from its records.");
        command.Arguments.Add(folder);
        command.SetAction(parse =>
        {
            try
            {
                var store = new ResultStore(parse.GetValue(folder)!);
                foreach (string written in ReportWriter.Write(store))
                    context.Out.WriteLine(Path.Combine(store.Folder, written));
            }
            catch (ResultStoreException e)
            {
                throw new UserFacingException(e.Message, e);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
