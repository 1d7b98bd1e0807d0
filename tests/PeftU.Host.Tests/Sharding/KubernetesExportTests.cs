using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PeftU.Testing;

namespace PeftU.Host.Tests.Sharding;

/// <summary><c>peftu export k8s</c>: manifests that round-trip through the typed Kubernetes models (no cluster can run
/// here), with the Indexed Job's contract (completion index, retries, failure policy, the claim), and the exported
/// container command line, run here for two indices, does exactly those shards.</summary>
[Collection(ShardedRunCollection.Name)]
public sealed class KubernetesExportTests(ShardedBaseline baseline)
{
    private static (List<object> Objects, string Yaml) Export(params string[] extra)
    {
        var (code, yaml, error) = CliRunner.Run(["--plugins-dir", RepoPaths.StagedPlugins, "export", "k8s", ShardedBaseline.Experiment, "--shards", "4", .. extra]);
        Assert.True(code == 0, error);
        return (KubernetesYaml.LoadAllFromString(yaml), yaml);
    }

    [Fact]
    public void The_manifests_are_a_claim_an_indexed_job_and_a_report_job_that_round_trip_through_the_typed_models()
    {
        var (objects, yaml) = Export("--image", "registry.example/peftu:1.0", "--gpus", "1", "--name", "tweeteval-lora");
        Assert.Equal(yaml, string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n")));

        var claim = Assert.IsType<V1PersistentVolumeClaim>(objects[0]);
        Assert.Equal("tweeteval-lora-runs", claim.Metadata.Name);
        Assert.Equal(["ReadWriteMany"], claim.Spec.AccessModes);

        var shards = Assert.IsType<V1Job>(objects[1]);
        Assert.Equal("batch/v1", shards.ApiVersion);
        Assert.Equal("Indexed", shards.Spec.CompletionMode);
        Assert.Equal(4, shards.Spec.Completions);
        Assert.Equal(12, shards.Spec.BackoffLimit);
        Assert.Equal("Never", shards.Spec.Template.Spec.RestartPolicy);
        var rules = shards.Spec.PodFailurePolicy.Rules;
        Assert.Contains(rules, r => r.Action == "Ignore" && r.OnPodConditions.Single().Type == "DisruptionTarget");
        Assert.Contains(rules, r => r.Action == "FailJob" && r.OnExitCodes.Values.Order().SequenceEqual([1, 2]));
        var container = shards.Spec.Template.Spec.Containers.Single();
        Assert.Equal("registry.example/peftu:1.0", container.Image);
        Assert.Equal("1", container.Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal(["peftu"], container.Command);
        Assert.Equal("$(JOB_COMPLETION_INDEX)/4", container.Args[^1]);
        Assert.Contains("/runs/tweeteval-lora", container.Args);
        Assert.Equal("metadata.annotations['batch.kubernetes.io/job-completion-index']", container.Env.Single().ValueFrom.FieldRef.FieldPath);
        Assert.Equal("tweeteval-lora-runs", shards.Spec.Template.Spec.Volumes.Single().PersistentVolumeClaim.ClaimName);
        Assert.Equal("/runs", container.VolumeMounts.Single().MountPath);

        var report = Assert.IsType<V1Job>(objects[2]);
        Assert.Equal(["report", "/runs/tweeteval-lora", "--wait"], report.Spec.Template.Spec.Containers.Single().Args);

        // An existing claim is used, not created.
        var (withClaim, _) = Export("--pvc", "shared-runs");
        Assert.Equal(2, withClaim.Count);
        Assert.All(withClaim.Cast<V1Job>(), j => Assert.Equal("shared-runs", j.Spec.Template.Spec.Volumes.Single().PersistentVolumeClaim.ClaimName));
    }

    /// <summary>The manifests also pass the Kubernetes OpenAPI schemas (the npm package kubernetes-models, restored
    /// into tests/k8s-schema by .ci/run or here on first use), and the validator is no rubber stamp: a mis-typed field fails.</summary>
    [Fact]
    public async Task The_manifests_pass_the_Kubernetes_OpenAPI_schemas()
    {
        string folder = Path.Combine(RepoPaths.Root, "tests", "k8s-schema");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "kubernetes-models")))
        {
            var (restored, _, restoreError) = await PeftuProcess.RunCommandLine(["npm", "ci", "--prefix", folder, "--no-audit", "--no-fund"]);
            Assert.True(restored == 0, "npm ci in tests/k8s-schema failed: " + restoreError);
        }
        string manifests = Path.Combine(baseline.NewFolder("schema"), "manifests.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(manifests)!);
        var (_, yaml) = Export("--gpus", "2", "--namespace", "research", "--workdir", "/work");
        File.WriteAllText(manifests, yaml);
        var (code, output, error) = await PeftuProcess.RunCommandLine(["node", Path.Combine(folder, "validate.mjs"), manifests]);
        Assert.True(code == 0, error);
        Assert.Equal("valid: 3 objects", output.Trim());

        File.WriteAllText(manifests, yaml.Replace("completionMode: Indexed", "completionMode: 7", StringComparison.Ordinal));
        var (bad, _, badError) = await PeftuProcess.RunCommandLine(["node", Path.Combine(folder, "validate.mjs"), manifests]);
        Assert.Equal(1, bad);
        Assert.Contains("completionMode", badError);
    }

    [Fact]
    public async Task The_exported_container_command_run_here_for_two_indices_does_exactly_those_shards()
    {
        string mount = baseline.NewFolder("k8s");
        var (objects, _) = Export("--peftu", PeftuProcess.Command, "--name", "k8s-test");
        var container = ((V1Job)objects[1]).Spec.Template.Spec.Containers.Single();
        var (_, planJson, _) = CliRunner.Run("plan", ShardedBaseline.Experiment, "--shards", "4", "--json", "--plugins-dir", RepoPaths.StagedPlugins);
        var planned = JsonNode.Parse(planJson)!["shards"]!.AsArray();
        string folder = Path.Combine(mount, "k8s-test");
        foreach (int index in new[] { 0, 2 })
        {
            // What the kubelet does: expand $(JOB_COMPLETION_INDEX), with the claim mounted at /runs.
            var words = container.Command.Concat(container.Args)
                .Select(w => w.Replace("$(JOB_COMPLETION_INDEX)", index.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("/runs/", mount + "/", StringComparison.Ordinal)).ToList();
            Assert.Equal("dotnet", words[0]);
            var (code, _, error) = await PeftuProcess.RunCommandLine(words);
            Assert.True(code == 0, error);
            var status = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "shards", $"{index}-of-4.json")))!;
            Assert.Equal("done", (string?)status["state"]);
            Assert.Equal(planned[index]!["units"]!.AsArray().Select(u => (string?)u!["name"]), status["units"]!.AsArray().Select(u => (string?)u));
        }
        // Exactly the users of those two shards' banks are recorded.
        var expected = new[] { 0, 2 }.SelectMany(i => planned[i]!["units"]!.AsArray())
            .SelectMany(u => u!["users"]!.AsArray().Select(user => $"{(string?)u["cell"]}/{(string?)user}")).Order().ToList();
        var recorded = Directory.GetFiles(Path.Combine(folder, "records", "synthetic"), "*.json", SearchOption.AllDirectories)
            .Select(f => $"{Path.GetFileName(Path.GetDirectoryName(f))}/{Path.GetFileNameWithoutExtension(f)}").Order().ToList();
        Assert.Equal(expected, recorded);
    }
}
