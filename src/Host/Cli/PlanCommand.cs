using System.CommandLine;
using PeftU.Core.Experiments;
using PeftU.Core.Sharding;

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
        var shards = new Option<int?>("--shards")
        {
            Description = "Also show how `run --shard I/N` splits the work over N shards: each shard's banks, estimated FLOPs and time.",
        }.Within(1, ShardSpec.MaxCount);
        var json = new Option<bool>("--json") { Description = "Print every cell's resolved settings and FLOP estimates as JSON instead of the Markdown plan." };
        var command = new Command("plan", "Validate an experiment file and print its task × method cells, counts, banks and estimated FLOPs and time, without training.");
        command.Arguments.Add(file);
        command.Options.Add(gflops);
        command.Options.Add(json);
        command.Options.Add(shards);
        command.SetAction(parse =>
        {
            if (ExperimentLoader.Plan(parse, context, pluginsDir, parse.GetValue(file)!) is not { } plan)
                return ExitCodes.Failure;
            var costs = PlanTokens.Costs(plan);
            var shardPlan = parse.GetValue(shards) is { } n ? ShardPlan.Of(plan, costs, n) : null;
            if (parse.GetValue(json))
            {
                context.Out.Write(PlanJson.Write(plan, costs, shardPlan));
                return ExitCodes.Success;
            }
            var rate = parse.GetValue(gflops) is { } given ? new PlanRate(given, "given with --gflops") : PlanRateProbe.Measure(plan.Spec.Backbone, plan.Dims);
            context.Out.Write(PlanWriter.Markdown(plan, costs, rate));
            if (shardPlan is not null)
                context.Out.Write(shardPlan.Markdown(rate));
            return ExitCodes.Success;
        });
        return command;
    }
}
