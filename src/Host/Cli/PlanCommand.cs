using System.CommandLine;
using PeftU.Core.Experiments;
using PeftU.Core.Tokenization;

namespace PeftU.Host.Cli;

/// <summary><c>peftu plan FILE</c>: validates an experiment file against the plugins, data and backbone config and prints
/// the cells it would run with their estimated FLOPs and time — nothing is trained or written.</summary>
public static class PlanCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var file = new Argument<string>("file") { Description = "The experiment YAML file." };
        var gflops = new Option<double?>("--gflops")
        {
            Description = "Matmul rate (GFLOP/s) for the time estimates, e.g. to plan for another machine (default: a GEMM probe here).",
        }.Within(null, null, positive: true);
        var json = new Option<bool>("--json") { Description = "Print every cell's resolved settings and FLOP estimates as JSON instead of the Markdown plan." };
        var command = new Command("plan", "Validate an experiment file and print its task × method cells, counts, banks and estimated FLOPs and time, without training.");
        command.Arguments.Add(file);
        command.Options.Add(gflops);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            if (ExperimentLoader.Plan(parse, context, pluginsDir, parse.GetValue(file)!) is not { } plan)
                return ExitCodes.Failure;
            var tokens = TokenCounter(ExperimentPaths.ResolveBackbone(plan.Spec, plan.Spec.Backbone.Path));
            var costs = plan.Cells.Select(cell => CellCostEstimator.Estimate(plan, cell, tokens)).ToList();
            if (parse.GetValue(json))
            {
                context.Out.Write(PlanJson.Write(plan, costs));
                return ExitCodes.Success;
            }
            var rate = parse.GetValue(gflops) is { } given ? new PlanRate(given, "given with --gflops") : PlanRateProbe.Measure(plan.Spec.Backbone);
            context.Out.Write(PlanWriter.Markdown(plan, costs, rate));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Token counts from the backbone's tokenizer; a folder without one (a config-only plan) falls back to
    /// T5's English average of about 4 characters per token, plus EOS.</summary>
    private static Func<string, int> TokenCounter(string backboneFolder)
    {
        if (!T5Tokenizer.IsIn(backboneFolder))
            return text => text.Length / 4 + 1;
        var tokenizer = T5Tokenizer.FromFolder(backboneFolder);
        var cache = new Dictionary<string, int>(StringComparer.Ordinal);
        return text => cache.TryGetValue(text, out int n) ? n : cache[text] = tokenizer.Encode(text).Length;
    }
}
