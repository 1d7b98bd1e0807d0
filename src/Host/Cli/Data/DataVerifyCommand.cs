using System.CommandLine;
using PeftU.Abstractions;
using PeftU.Data.Verification;

namespace PeftU.Host.Cli.Data;

/// <summary><c>peftu data verify --reference DIR</c>: this port against the original code's outputs.</summary>
public static class DataVerifyCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var reference = new Option<string>("--reference") { Description = "A PEFT-U reference folder (synthetic/, tweeteval/), e.g. ../shared/data/peft-u.", Required = true };
        var command = new Command("verify", "Check splits and prompts against the original code's outputs; exit 1 on any mismatch.");
        command.Options.Add(reference);
        command.SetAction(parse =>
        {
            var catalog = PluginLookup.Catalog(parse, context, pluginsDir);
            string Instruction(string id) => PluginLookup.Create<IPeftTask>(catalog, PluginKind.Task, id).Definition.Instruction;
            var checks = TaskLookup.Run(() => ReferenceVerifier.Run(parse.GetValue(reference)!, Instruction));
            foreach (var check in checks)
            {
                context.Out.WriteLine($"{(check.Passed ? "ok  " : "FAIL")}  {check.Name}");
                foreach (var mismatch in check.Mismatches.Take(10))
                    context.Out.WriteLine("      " + mismatch);
            }
            return checks.All(c => c.Passed) ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
