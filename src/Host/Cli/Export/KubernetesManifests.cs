using System.Globalization;
using k8s;
using k8s.Models;

namespace PeftU.Host.Cli.Export;

/// <summary>The settings of <c>peftu export k8s</c>.</summary>
internal sealed record KubernetesOptions(string Name, int Shards, string Image, int? Gpus, string? Claim, string Storage, string MountPath, int Retries,
    string? WorkingDir, string? Namespace);

/// <summary>The Kubernetes objects of a sharded run, built from the typed models: the run folder's
/// PersistentVolumeClaim (ReadWriteMany, unless an existing claim is named), an Indexed Job of N completions (each pod
/// runs <c>peftu run --shard $(JOB_COMPLETION_INDEX)/N</c>) and a report Job that waits for the folder to be complete.
/// Retries: a pod evicted or preempted (condition DisruptionTarget) is retried without counting; a usage error or bad
/// input (exit 2 or 1) fails the Job at once, as a retry cannot help; anything else (a crash, an OOM kill) counts
/// against <c>backoffLimit</c>. A retried pod resumes its index's banks from the records on the claim.</summary>
internal static class KubernetesManifests
{
    public const string IndexVariable = "JOB_COMPLETION_INDEX";

    public static IReadOnlyList<IKubernetesObject> Build(KubernetesOptions o, IReadOnlyList<string> peftu, string experimentFile, IReadOnlyList<string> globalArgs)
    {
        var c = CultureInfo.InvariantCulture;
        string claim = o.Claim ?? o.Name + "-runs";
        string runFolder = o.MountPath.TrimEnd('/') + "/" + o.Name;
        var objects = new List<IKubernetesObject>();
        if (o.Claim is null)
        {
            objects.Add(new V1PersistentVolumeClaim
            {
                ApiVersion = "v1",
                Kind = "PersistentVolumeClaim",
                Metadata = Meta(o, claim),
                Spec = new V1PersistentVolumeClaimSpec
                {
                    // Every shard's pod mounts it at once, on any node.
                    AccessModes = ["ReadWriteMany"],
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(o.Storage) } },
                },
            });
        }

        string[] shardArgs = [.. peftu.Skip(1), .. globalArgs, "run", experimentFile, "--out", runFolder, "--plain", "--shard",
            string.Create(c, $"$({IndexVariable})/{o.Shards}")];
        var shardContainer = Container(o, "shard", [peftu[0]], shardArgs);
        shardContainer.Env = [new V1EnvVar
        {
            Name = IndexVariable,
            ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
        }];
        if (o.Gpus is { } gpus)
        {
            shardContainer.Resources = new V1ResourceRequirements
            {
                Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new(gpus.ToString(c)) },
            };
        }
        objects.Add(new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = Meta(o, o.Name),
            Spec = new V1JobSpec
            {
                CompletionMode = "Indexed",
                Completions = o.Shards,
                Parallelism = o.Shards,
                BackoffLimit = o.Retries * o.Shards,
                PodFailurePolicy = new V1PodFailurePolicy
                {
                    Rules =
                    [
                        new V1PodFailurePolicyRule
                        {
                            Action = "Ignore",
                            OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = "DisruptionTarget", Status = "True" }],
                        },
                        new V1PodFailurePolicyRule
                        {
                            Action = "FailJob",
                            OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { ContainerName = "shard", OperatorProperty = "In", Values = [1, 2] },
                        },
                    ],
                },
                Template = Pod(o, claim, shardContainer),
            },
        });

        string[] reportArgs = [.. peftu.Skip(1), "report", runFolder, "--wait"];
        objects.Add(new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = Meta(o, o.Name + "-report"),
            Spec = new V1JobSpec
            {
                BackoffLimit = o.Retries,
                Template = Pod(o, claim, Container(o, "report", [peftu[0]], reportArgs)),
            },
        });
        return objects;
    }

    /// <summary>All objects as one multi-document YAML file (<c>kubectl apply -f</c> takes it).</summary>
    public static string Yaml(IReadOnlyList<IKubernetesObject> objects) =>
        string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n"));

    private static V1ObjectMeta Meta(KubernetesOptions o, string name) => new()
    {
        Name = name,
        NamespaceProperty = o.Namespace,
        Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "peftu", ["app.kubernetes.io/instance"] = o.Name },
    };

    private static V1Container Container(KubernetesOptions o, string name, IList<string> command, IList<string> args) => new()
    {
        Name = name,
        Image = o.Image,
        Command = command,
        Args = args,
        WorkingDir = o.WorkingDir,
        VolumeMounts = [new V1VolumeMount { Name = "runs", MountPath = o.MountPath }],
    };

    private static V1PodTemplateSpec Pod(KubernetesOptions o, string claim, V1Container container) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "peftu", ["app.kubernetes.io/instance"] = o.Name } },
        Spec = new V1PodSpec
        {
            RestartPolicy = "Never",  // required by podFailurePolicy; the Job controller makes the retries
            Containers = [container],
            Volumes = [new V1Volume { Name = "runs", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } }],
        },
    };
}
