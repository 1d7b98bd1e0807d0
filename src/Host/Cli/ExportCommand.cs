using System.CommandLine;
using System.Text.RegularExpressions;
using PeftU.Abstractions.IO;
using PeftU.Core.Experiments;
using PeftU.Core.Sharding;
using PeftU.Host.Cli.Export;

namespace PeftU.Host.Cli;

/// <summary><c>peftu export slurm|k8s FILE --shards N</c>: a validated experiment as cluster jobs — a Slurm submit
/// script or Kubernetes manifests — that run its shards into one shared run folder and join the report. Nothing is
/// submitted; the file is planned first, so a bad file fails here, not on the cluster.</summary>
public static partial class ExportCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var command = new Command("export", "Write cluster jobs (Slurm or Kubernetes) that run an experiment as N shards into one run folder.");
        command.Subcommands.Add(Slurm(context, pluginsDir));
        command.Subcommands.Add(Kubernetes(context, pluginsDir));
        return command;
    }

    private static Command Slurm(CliContext context, Option<string[]> pluginsDir)
    {
        var (file, shards, outFile, peftu, name) = Common();
        var runFolder = new Option<string?>("--run-dir") { Description = "The shared run folder (default: the file's output, made absolute)." };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (-p) for the shards and the report job." };
        var gpus = new Option<int?>("--gpus-per-task") { Description = "GPUs per shard." }.Within(0, 1024);
        var cpus = new Option<int?>("--cpus-per-task") { Description = "CPUs per shard." }.Within(1, 4096);
        var time = new Option<string?>("--time") { Description = "Time limit per shard, as Slurm takes it (e.g. 2:00:00 or 1-12:00:00)." };
        var logs = new Option<string?>("--logs") { Description = "Folder for the per-task logs (default: RUN_DIR/logs)." };
        var command = new Command("slurm", "Write a bash script that submits the shards as a Slurm job array (--requeue) plus a dependent report job.");
        command.Arguments.Add(file);
        foreach (var option in new Option[] { shards, outFile, peftu, name, runFolder, partition, gpus, cpus, time, logs })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            if (ExperimentLoader.Plan(parse, context, pluginsDir, parse.GetValue(file)!) is not { } plan)
                return ExitCodes.Failure;
            if (parse.GetValue(time) is { } t && !SlurmTime().IsMatch(t))
                throw new UsageException($"--time '{t}' is not a Slurm time (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS).");
            string folder = OutputPaths.Folder(parse.GetValue(runFolder) ?? plan.Spec.Output, "--run-dir");
            var options = new SlurmOptions(JobName(parse.GetValue(name), plan), parse.GetValue(shards), parse.GetValue(partition), parse.GetValue(gpus),
                parse.GetValue(cpus), parse.GetValue(time), parse.GetValue(logs) is { } l ? Path.GetFullPath(l) : Path.Combine(folder, "logs"));
            string script = SlurmScript.Write(options, PeftuInvocation.Words(parse.GetValue(peftu)), Path.GetFullPath(plan.Spec.File), folder,
                GlobalArgs(parse, pluginsDir));
            return Emit(context, parse.GetValue(outFile), script, plan, options.Shards);
        });
        return command;
    }

    private static Command Kubernetes(CliContext context, Option<string[]> pluginsDir)
    {
        var (file, shards, outFile, peftu, name) = Common();
        var image = new Option<string>("--image") { Description = "Container image with peftu on its PATH (or give --peftu).", DefaultValueFactory = _ => "peftu:latest" };
        var gpus = new Option<int?>("--gpus") { Description = "nvidia.com/gpu per shard pod." }.Within(0, 1024);
        var claim = new Option<string?>("--pvc") { Description = "An existing ReadWriteMany PersistentVolumeClaim for the run folder (default: one is created)." };
        var storage = new Option<string>("--storage") { Description = "Size of the created claim.", DefaultValueFactory = _ => "20Gi" };
        var mount = new Option<string>("--mount") { Description = "Where the claim is mounted; the run folder is MOUNT/NAME.", DefaultValueFactory = _ => "/runs" };
        var retries = new Option<int>("--retries") { Description = "Failed pods retried per shard (backoffLimit = retries × shards).", DefaultValueFactory = _ => 3 }.Within(0, 100);
        var workdir = new Option<string?>("--workdir") { Description = "The containers' working folder (FILE is taken relative to it)." };
        var ns = new Option<string?>("--namespace") { Description = "Namespace of every object (default: kubectl's)." };
        var command = new Command("k8s", "Write Kubernetes manifests: an Indexed Job of the shards, the run folder's PersistentVolumeClaim and a report Job.");
        command.Arguments.Add(file);
        foreach (var option in new Option[] { shards, outFile, peftu, name, image, gpus, claim, storage, mount, retries, workdir, ns })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            string given = parse.GetValue(file)!;
            if (ExperimentLoader.Plan(parse, context, pluginsDir, given) is not { } plan)
                return ExitCodes.Failure;
            string mountPath = parse.GetValue(mount)!;
            if (!mountPath.StartsWith('/'))
                throw new UsageException($"--mount '{mountPath}' must be an absolute path inside the container.");
            foreach (var (option, value) in new[] { ("--pvc", parse.GetValue(claim)), ("--namespace", parse.GetValue(ns)) })
            {
                if (value is not null && !DnsLabel().IsMatch(value))
                    throw new UsageException($"{option} '{value}' is not a Kubernetes name (lower-case letters, digits and '-', at most 63).");
            }
            if (!Quantity().IsMatch(parse.GetValue(storage)!))
                throw new UsageException($"--storage '{parse.GetValue(storage)}' is not a Kubernetes quantity (e.g. 20Gi, 500Mi, 1Ti).");
            var options = new KubernetesOptions(JobName(parse.GetValue(name), plan), parse.GetValue(shards), parse.GetValue(image)!, parse.GetValue(gpus),
                parse.GetValue(claim), parse.GetValue(storage)!, mountPath, parse.GetValue(retries), parse.GetValue(workdir), parse.GetValue(ns));
            // Inside the container the file is named as given: the image (or the claim) holds it, not this machine's path.
            var peftuWords = parse.GetValue(peftu) is { } p ? PeftuInvocation.Words(p) : ["peftu"];
            string yaml = KubernetesManifests.Yaml(KubernetesManifests.Build(options, peftuWords, given, GlobalArgs(parse, pluginsDir)));
            return Emit(context, parse.GetValue(outFile), yaml, plan, options.Shards);
        });
        return command;
    }

    private static (Argument<string> File, Option<int> Shards, Option<string?> Out, Option<string?> Peftu, Option<string?> Name) Common() => (
        new Argument<string>("file") { Description = "The experiment YAML file." },
        new Option<int>("--shards") { Description = "Number of shards (array tasks / indexed completions).", Required = true }.Within(1, ShardSpec.MaxCount),
        new Option<string?>("--out") { Description = "Write to this file instead of stdout." },
        new Option<string?>("--peftu") { Description = "The command that runs peftu on the cluster (default: slurm: this very build; k8s: peftu)." },
        new Option<string?>("--name") { Description = "Job name (default: peftu-<file name>)." });

    /// <summary>The job name: given, or <c>peftu-</c> and the file's name, as a Kubernetes-safe label.</summary>
    private static string JobName(string? given, ExperimentPlan plan)
    {
        if (given is not null)
        {
            return DnsLabel().IsMatch(given) && given.Length <= 52
                ? given
                : throw new UsageException($"--name '{given}' must be lower-case letters, digits and '-', starting with a letter, at most 52 characters.");
        }
        string stem = NotLabel().Replace(Path.GetFileNameWithoutExtension(plan.Spec.File).ToLowerInvariant(), "-").Trim('-');
        string name = ("peftu-" + stem).TrimEnd('-');
        return name.Length <= 52 ? name : name[..52].TrimEnd('-');
    }

    /// <summary>The global options a job must pass on (plugin folders).</summary>
    private static IReadOnlyList<string> GlobalArgs(ParseResult parse, Option<string[]> pluginsDir) =>
        [.. (parse.GetValue(pluginsDir) ?? []).SelectMany(d => new[] { "--plugins-dir", Path.GetFullPath(d) })];

    private static int Emit(CliContext context, string? outFile, string text, ExperimentPlan plan, int shards)
    {
        int units = plan.Cells.Sum(c => c.Banks);
        if (shards > units)
            context.Error.WriteLine($"peftu: warning: {shards} shards for {units} banks; {shards - units} shards will have nothing to do.");
        if (outFile is null)
        {
            context.Out.Write(text);
            return ExitCodes.Success;
        }
        string path = OutputPaths.File(outFile, "--out");
        AtomicFile.WriteAllText(path, text);
        context.Error.WriteLine($"peftu: wrote {path}");
        return ExitCodes.Success;
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NotLabel();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")]
    private static partial Regex Quantity();

    [GeneratedRegex(@"^([0-9]+|[0-9]+:[0-9]{1,2}|[0-9]+:[0-9]{1,2}:[0-9]{1,2}|[0-9]+-[0-9]{1,2}(:[0-9]{1,2}(:[0-9]{1,2})?)?)$")]
    private static partial Regex SlurmTime();
}
