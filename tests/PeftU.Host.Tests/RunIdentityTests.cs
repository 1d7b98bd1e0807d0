using System.Text.Json.Nodes;
using PeftU.Testing;
using static PeftU.Host.Tests.CliRunner;

namespace PeftU.Host.Tests;

/// <summary>What a resumed run may reuse: records are keyed by the contents of the backbone and data files (not their
/// paths), and a run started with <c>dtype: auto</c> keeps its dtype instead of probing again.</summary>
public sealed class RunIdentityTests : IDisposable
{
    private readonly TempFolder _temp = new("peftu-identity");

    public void Dispose() => _temp.Dispose();

    /// <summary>Zero-shot (no training, seconds) on the synthetic PEFT-U data with a copy of the tiny fixture backbone.</summary>
    private string Experiment(string dtype = "fp32")
    {
        string backbone = Path.Combine(_temp.Path, "backbone"), data = Path.Combine(_temp.Path, "data");
        if (!Directory.Exists(backbone))
        {
            CopyFolder(Path.Combine(RepoPaths.Fixtures, "t5", "tiny-flan"), backbone);
            CopyFolder(Path.Combine(RepoPaths.Fixtures, "peft-u-synthetic"), data);
        }
        string file = Path.Combine(_temp.Path, $"identity-{dtype}.yaml");
        File.WriteAllText(file, $"""
            backbone: {"{"}path: backbone, dtype: {dtype}, threads: 1{"}"}
            tasks:
              - {"{"}id: tweeteval, data: data{"}"}
            methods: [zero-shot]
            evaluation: {"{"}mode: score{"}"}
            output: run
            """);
        return file;
    }

    private (int Code, string Error) RunIt(string file)
    {
        var (code, _, error) = Run("run", file, "--out", Path.Combine(_temp.Path, "run"), "--plain", "--force", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        return (code, error);
    }

    [Fact]
    public void Replacing_the_checkpoint_or_the_data_at_the_same_path_redoes_the_users()
    {
        string file = Experiment();
        Assert.DoesNotContain("already finished", RunIt(file).Error);
        Assert.Contains("already finished (resumed)", RunIt(file).Error);

        // A different model.safetensors at the same path (one weight's last byte changed): nothing is reused.
        string weights = Path.Combine(_temp.Path, "backbone", "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(weights, bytes);
        Assert.DoesNotContain("already finished", RunIt(file).Error);
        Assert.Contains("already finished (resumed)", RunIt(file).Error);

        // The same for the data file (same users and samples, other bytes).
        File.AppendAllText(Path.Combine(_temp.Path, "data", "user_data_leaked.json"), "\n");
        Assert.DoesNotContain("already finished", RunIt(file).Error);

        var hashes = JsonNode.Parse(File.ReadAllText(Path.Combine(_temp.Path, "run", "content-hashes.json")))!.AsObject();
        Assert.Contains(hashes, kv => kv.Key.EndsWith("model.safetensors", StringComparison.Ordinal));
    }

    [Fact]
    public void A_resumed_auto_run_keeps_the_dtype_of_its_manifest()
    {
        RunIt(Experiment("fp32"));
        string manifestPath = Path.Combine(_temp.Path, "run", "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        Assert.Equal("fp32", (string)manifest["dtype"]!);
        Assert.Equal("fp32 requested", (string)manifest["dtype_reason"]!);

        // As if the first run's probe had picked bf16: an auto resume must load bf16 again, not probe.
        manifest["dtype"] = "bf16";
        manifest["dtype_reason"] = "auto: GEMM probe fp32 100 GFLOP/s, bf16 400 GFLOP/s → bf16";
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        var error = RunIt(Experiment("auto")).Error;
        Assert.Contains("bf16 (auto: kept from the run folder's manifest (auto: GEMM probe fp32 100 GFLOP/s, bf16 400 GFLOP/s → bf16))", error);
        Assert.Equal("bf16", (string)JsonNode.Parse(File.ReadAllText(manifestPath))!["dtype"]!);
        Assert.Contains("bf16 (auto: kept from the run folder's manifest (auto: GEMM probe", RunIt(Experiment("auto")).Error);
    }

    [Fact]
    public void A_cuda_run_where_torch_sees_no_cuda_device_fails_before_anything_is_written()
    {
        string file = Experiment().Replace("identity-fp32", "identity-cuda");
        File.WriteAllText(file, File.ReadAllText(Experiment()).Replace("threads: 1", "threads: 1, device: cuda"));
        string output = Path.Combine(_temp.Path, "run");
        var (code, stdout, error) = Run("run", file, "--out", output, "--plain", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith($"peftu: {file}:1:11: backbone: device is cuda but this build ships the CPU libtorch only", error);
        Assert.False(Directory.Exists(output));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string f in Directory.EnumerateFiles(from))
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }
}
