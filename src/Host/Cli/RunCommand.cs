using System.CommandLine;
using PeftU.Core;
using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Experiments;
using PeftU.Core.Reports;
using PeftU.Core.Results;

namespace PeftU.Host.Cli;

/// <summary><c>peftu run FILE</c>: plans (every error first, nothing written), loads the backbone, claims the output
/// folder (resuming finished users), trains and evaluates every cell and writes the reports. Ctrl-C stops after the
/// current step; finished users stay recorded and the next run resumes.</summary>
public static class RunCommand
{
    public const int Interrupted = 130;

    /// <summary>Locks the run folder and claims it for the experiment text; the lock is held until disposed.</summary>
    private static IDisposable Claim(ResultStore store, string experimentText, bool force)
    {
        IDisposable? hold = null;
        try
        {
            hold = store.Lock();
            store.Claim(experimentText, force);
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
        var command = new Command("run", "Train and evaluate every task × method cell of an experiment file, resumably, and write the reports.");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.Options.Add(force);
        command.Options.Add(adapters);
        command.Options.Add(plain);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            if (ExperimentLoader.Plan(parse, context, pluginsDir, path) is not { } plan)
                return ExitCodes.Failure;
            var spec = plan.Spec;
            string outputFolder = parse.GetValue(output) is { } given ? OutputPaths.Folder(given, "--out") : OutputPaths.Folder(spec.Output, $"{spec.File}: output");
            TorchRuntime.Initialize(spec.Backbone.Threads);
            var store = new ResultStore(outputFolder);
            LoadedBackbone backbone;
            DeviceChoice device;
            try
            {
                device = BackboneDevice.Resolve(spec.Backbone.Device);
                var kept = RunDtype.Kept(spec.Backbone.DtypeKind, store.ExistingManifest());
                backbone = T5CheckpointLoader.Load(ExperimentPaths.ResolveBackbone(spec, spec.Backbone.Path), spec.Backbone.DtypeKind, device.Device,
                    requireTokenizer: true, keptDtype: kept);
            }
            catch (ResultStoreException e)
            {
                throw new UserFacingException(e.Message, e);
            }
            catch (Exception e) when (e is BackboneException or InvalidOperationException)
            {
                throw new UserFacingException($"{spec.File}:{spec.Backbone.Position.Line}:{spec.Backbone.Position.Column}: backbone: {e.Message}", e);
            }
            using (backbone)
            {
                using var hold = Claim(store, File.ReadAllText(path), parse.GetValue(force));
                context.Error.WriteLine($"peftu: backbone {backbone.Folder} on {device.Type.ToString().ToLowerInvariant()} ({device.Reason}), " +
                                        $"{backbone.Dtype.Name} ({backbone.Dtype.Reason}); output {store.Folder}");
                using var cancel = new CancellationTokenSource();
                ConsoleCancelEventHandler onCancel = (_, e) =>
                {
                    e.Cancel = true;
                    cancel.Cancel();
                };
                Console.CancelKeyPress += onCancel;
                try
                {
                    bool bars = !parse.GetValue(plain) && ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
                    IConsoleRunObserver observer = bars ? new ProgressBarObserver() : new LogLineObserver(context.Error);
                    observer.Run(() => new ExperimentRunner(plan, backbone, store, observer, parse.GetValue(adapters)).Run(cancel.Token));
                }
                catch (OperationCanceledException)
                {
                    context.Error.WriteLine($"peftu: stopped; finished users are recorded in {store.Folder}; run the same command again to resume.");
                    ReportWriter.Write(store);
                    return Interrupted;
                }
                finally
                {
                    Console.CancelKeyPress -= onCancel;
                }
                foreach (string written in ReportWriter.Write(store))
                    context.Out.WriteLine(Path.Combine(store.Folder, written));
                if (parse.GetValue(adapters) && UnsavedAdapters.Describe(store) is { Count: > 0 } unsaved)
                {
                    foreach (string line in unsaved)
                        context.Error.WriteLine("peftu: " + line);
                    return ExitCodes.Failure;
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
