using System.CommandLine;
using System.Diagnostics;
using PeftU.Core.Reports;
using PeftU.Core.Results;

namespace PeftU.Host.Cli;

/// <summary><c>peftu report DIR</c>: regenerates a run folder's report.md, results.json, results.csv and plots from its
/// manifest and records (no plugins, data or backbone needed), joining whatever every shard has recorded, and says
/// which cells are incomplete and which shards have not finished. <c>--wait</c> polls until the folder is complete
/// (a report job started beside running shards, as the exported Kubernetes one).</summary>
public static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("dir") { Description = "A folder written by `peftu run` (by one run or by all shards of one)." };
        var wait = new Option<bool>("--wait") { Description = "Wait until every cell is complete (all shards done), rewriting the reports as records arrive." };
        var timeout = new Option<double>("--timeout")
        {
            Description = "With --wait: give up after this many hours (exit 1, reports written).",
            DefaultValueFactory = _ => 168,
        }.Within(0, 100_000, positive: true);
        var poll = new Option<double>("--poll") { Description = "With --wait: seconds between checks.", DefaultValueFactory = _ => 30 }.Within(0.1, 86_400);
        var command = new Command("report", "Regenerate the reports of a run folder from its records (sharded runs: join every shard's).");
        command.Arguments.Add(folder);
        command.Options.Add(wait);
        command.Options.Add(timeout);
        command.Options.Add(poll);
        command.SetAction(parse =>
        {
            try
            {
                var store = new ResultStore(parse.GetValue(folder)!);
                var clock = Stopwatch.StartNew();
                while (true)
                {
                    var written = ReportWriter.Write(store, out var progress);
                    if (progress.Complete || !parse.GetValue(wait) || clock.Elapsed.TotalHours >= parse.GetValue(timeout))
                    {
                        foreach (string name in written)
                            context.Out.WriteLine(Path.Combine(store.Folder, name));
                        return Describe(context, progress, parse.GetValue(wait));
                    }
                    Thread.Sleep(TimeSpan.FromSeconds(parse.GetValue(poll)));
                }
            }
            catch (ResultStoreException e)
            {
                throw new UserFacingException(e.Message, e);
            }
        });
        return command;
    }

    /// <summary>What is missing, on stderr; a wait that ended incomplete is a failure.</summary>
    private static int Describe(CliContext context, RunProgress progress, bool waited)
    {
        foreach (string problem in progress.Problems)
            context.Error.WriteLine("peftu: warning: " + problem);
        if (progress.Complete)
            return ExitCodes.Success;
        context.Error.WriteLine($"peftu: {progress.IncompleteCells.Count} cell(s) incomplete: {string.Join("; ", progress.IncompleteCells)}");
        foreach (string shards in progress.UnfinishedShards)
            context.Error.WriteLine($"peftu: shards not finished: {shards}");
        if (!waited)
            return ExitCodes.Success;
        context.Error.WriteLine("peftu: --timeout reached before the run was complete; the reports cover what is recorded.");
        return ExitCodes.Failure;
    }
}
