using System.CommandLine;
using System.Runtime.InteropServices;
using PeftU.Core;
using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Experiments;
using PeftU.Core.Reports;
using PeftU.Core.Results;
using PeftU.Core.Sharding;

namespace PeftU.Host.Cli;

/// <summary><c>peftu run FILE</c>: plans (every error first, nothing written), loads the backbone, claims the output
/// folder (resuming finished users), trains and evaluates every cell and writes the reports. Ctrl-C stops after the
/// current step; finished users stay recorded and the next run resumes. With <c>--shard I/N</c> it runs only shard I's
/// banks (<see cref="ShardAssignment"/>) into a folder the other shards share (docs/architecture.md §5).</summary>
public static class RunCommand
{
    public const int Interrupted = 130;

    /// <summary>Exit code after SIGTERM (128 + 15), which Slurm and Kubernetes send before they kill a preempted,
    /// cancelled or timed-out job.</summary>
    public const int Terminated = 143;

    /// <summary>Locks the run folder (a shard: its share of it) and claims it for the experiment text; the lock is held
    /// until disposed.</summary>
    private static IDisposable Claim(ResultStore store, string experimentText, bool force, ShardSpec shard)
    {
        IDisposable? hold = null;
        try
        {
            hold = store.Lock(shard);
            store.Claim(experimentText, force, sweep: shard.IsWhole);
            return hold;
        }
        catch (ResultStoreException e)
        {
            hold?.Dispose();
            throw new UserFacingException(e.Message, e);
        }
    }

    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var file = new Argument<string>("file") { Description = "The experiment YAML file." };
        var output = new Option<string?>("--out") { Description = "Output folder (default: the file's output, relative to the current folder)." };
        var force = new Option<bool>("--force") { Description = "Resume in a folder started with a different experiment file (matching records are kept)." };
        var adapters = new Option<bool>("--save-adapters") { Description = "Also save every user's trained module (adapter_config.json + adapter_model.safetensors)." };
        var plain = new Option<bool>("--plain") { Description = "Plain log lines instead of progress bars (the default when output is redirected)." };
        var shardOption = new Option<string?>("--shard")
        {
            Description = "Run only shard I of N (0-based: I/N, e.g. $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT); all shards share the --out folder.",
        };
        var command = new Command("run", "Train and evaluate every task × method cell of an experiment file, resumably, and write the reports.");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.Options.Add(force);
        command.Options.Add(adapters);
        command.Options.Add(plain);
        command.Options.Add(shardOption);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            var shard = ShardSpec.Whole;
            if (parse.GetValue(shardOption) is { } shardText)
                shard = ShardSpec.TryParse(shardText, out string why) ?? throw new UsageException($"--shard: {why}.");
            if (ExperimentLoader.Plan(parse, context, pluginsDir, path) is not { } plan)
                return ExitCodes.Failure;
            var units = shard.IsWhole ? null : ShardAssignment.UnitsOf(WorkUnits.Of(plan, PlanTokens.Costs(plan)), shard);
            var spec = plan.Spec;
            string outputFolder = parse.GetValue(output) is { } given ? OutputPaths.Folder(given, "--out") : OutputPaths.Folder(spec.Output, $"{spec.File}: output");
            TorchRuntime.Initialize(spec.Backbone.Threads);
            var store = new ResultStore(outputFolder);
            DeviceChoice device;
            LoadedBackbone Load(RunManifest? existing)
            {
                try
                {
                    device = BackboneDevice.Resolve(spec.Backbone.Device);
                    return T5CheckpointLoader.Load(ExperimentPaths.ResolveBackbone(spec, spec.Backbone.Path), spec.Backbone.DtypeKind, device.Device,
                        requireTokenizer: true, keptDtype: RunDtype.Kept(spec.Backbone.DtypeKind, existing));
                }
                catch (ResultStoreException e)
                {
                    throw new UserFacingException(e.Message, e);
                }
                catch (Exception e) when (e is BackboneException or InvalidOperationException)
                {
                    throw new UserFacingException($"{spec.File}:{spec.Backbone.Position.Line}:{spec.Backbone.Position.Column}: backbone: {e.Message}", e);
                }
            }
            RunManifest? existingManifest;
            try
            {
                existingManifest = store.ExistingManifest();
            }
            catch (ResultStoreException e)
            {
                throw new UserFacingException(e.Message, e);
            }
            var backbone = Load(existingManifest);
            try
            {
                using var hold = Claim(store, File.ReadAllText(path), parse.GetValue(force), shard);
                RunManifest? manifest = null;
                if (!shard.IsWhole)
                {
                    // Shards starting together each probe dtype: auto; all of them take the first published manifest's.
                    bool auto = spec.Backbone.DtypeKind == BackboneDtype.Auto;
                    manifest = store.PublishManifest(new ExperimentRunner(plan, backbone, store, SilentRunObserver.Instance).Manifest(), adoptDtype: auto);
                    if (manifest.Dtype != backbone.Dtype.Name)
                    {
                        backbone.Dispose();
                        backbone = Load(manifest);
                        manifest = store.PublishManifest(new ExperimentRunner(plan, backbone, store, SilentRunObserver.Instance).Manifest(), adoptDtype: false);
                    }
                    context.Error.WriteLine($"peftu: shard {shard}: {units!.Count} of the run's banks, {PlanWriter.Flops(units.Sum(u => u.Flops))} estimated");
                }
                context.Error.WriteLine($"peftu: backbone {backbone.Folder} on {device.Type.ToString().ToLowerInvariant()} ({device.Reason}), " +
                                        $"{backbone.Dtype.Name} ({backbone.Dtype.Reason}); output {store.Folder}");
                using var cancel = new CancellationTokenSource();
                ConsoleCancelEventHandler onCancel = (_, e) =>
                {
                    e.Cancel = true;
                    cancel.Cancel();
                };
                Console.CancelKeyPress += onCancel;
                // A scheduler's SIGTERM stops the run as Ctrl-C does: after the current step, records intact, then exit.
                bool terminated = false;
                using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
                {
                    signal.Cancel = true;
                    terminated = true;
                    cancel.Cancel();
                });
                try
                {
                    bool bars = !parse.GetValue(plain) && ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
                    IConsoleRunObserver observer = bars ? new ProgressBarObserver() : new LogLineObserver(context.Error);
                    var run = new ExperimentRunner(plan, backbone, store, observer, parse.GetValue(adapters), units);
                    using var status = shard.IsWhole ? null : new ShardStatusWriter(store.Folder, shard, units!);
                    try
                    {
                        observer.Run(() =>
                        {
                            if (manifest is null)
                                run.Run(cancel.Token);
                            else
                                run.Run(manifest, cancel.Token);
                        });
                    }
                    catch (OperationCanceledException)
                    {
                        status?.Stop();
                        throw;
                    }
                    status?.Finish();
                }
                catch (OperationCanceledException)
                {
                    context.Error.WriteLine($"peftu: stopped; finished users are recorded in {store.Folder}; run the same command again to resume.");
                    ReportWriter.Write(store);
                    return terminated ? Terminated : Interrupted;
                }
                finally
                {
                    Console.CancelKeyPress -= onCancel;
                }
                var written = ReportWriter.Write(store, out var progress);
                foreach (string name in written)
                    context.Out.WriteLine(Path.Combine(store.Folder, name));
                if (!shard.IsWhole && !progress.Complete)
                {
                    string cells = string.Join("; ", progress.IncompleteCells.Take(3)) + (progress.IncompleteCells.Count > 3 ? $"; {progress.IncompleteCells.Count - 3} more" : "");
                    context.Error.WriteLine($"peftu: shard {shard} done; the run is not complete yet ({cells}): other shards are still to finish");
                }
                if (shard.IsWhole && parse.GetValue(adapters) && UnsavedAdapters.Describe(store) is { Count: > 0 } unsaved)
                {
                    foreach (string line in unsaved)
                        context.Error.WriteLine("peftu: " + line);
                    return ExitCodes.Failure;
                }
            }
            finally
            {
                backbone.Dispose();
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
