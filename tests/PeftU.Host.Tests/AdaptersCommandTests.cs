using System.Text.Json;
using PeftU.Host.Cli;
using PeftU.Testing;

namespace PeftU.Host.Tests;

/// <summary><c>peftu adapters convert|inspect</c> and <c>--adapter</c> on score/generate, through the staged plugins,
/// on the tiny-flan fixture and its HF-peft LoRA (whose reference label scores peft computed).</summary>
public sealed class AdaptersCommandTests : IDisposable
{
    private static readonly string Model = Path.Combine(RepoPaths.Fixtures, "t5", "tiny-flan");
    private static readonly string Lora = Path.Combine(Model, "adapters", "lora");
    private readonly string _tmp = Directory.CreateTempSubdirectory("peftu-adapters-cli-").FullName;

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    private static (int Code, string Out, string Error) Run(params string[] args) => CliRunner.Run([.. args, "--plugins-dir", RepoPaths.StagedPlugins]);

    [Fact]
    public void Score_with_a_peft_lora_gives_peft_reference_scores_in_every_layout()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Lora, "expected.json"))).RootElement;
        string prompt = expected.GetProperty("prompts")[0].GetString()!;
        var want = expected.GetProperty("label_scores").EnumerateArray().Select(l => l.GetProperty("sum_logprob")[0].GetDouble()).ToArray();

        var (code, output, error) = Run("adapters", "convert", Lora, Path.Combine(_tmp, "ours"), "--to", "peftu");
        Assert.True(code == 0, error);
        Assert.Contains("lora module in peftu layout (from peft, ", output);
        (code, _, error) = Run("adapters", "convert", Path.Combine(_tmp, "ours"), Path.Combine(_tmp, "peft"), "--to", "peft");
        Assert.True(code == 0, error);

        foreach (var folder in new[] { Lora, Path.Combine(_tmp, "ours"), Path.Combine(_tmp, "peft") })
        {
            (code, output, error) = Run("score", "--model", Model, "--dtype", "fp32", "--adapter", folder, "--text", prompt, "--labels", "Hateful,Non-hateful", "--json");
            Assert.True(code == 0, error);
            Assert.Contains($"peftu: adapter {folder}: lora (", error);
            var labels = JsonDocument.Parse(output).RootElement.GetProperty("labels");
            Assert.Equal(want[0], labels[0].GetProperty("sum_logprob").GetDouble(), 1e-4);
            Assert.Equal(want[1], labels[1].GetProperty("sum_logprob").GetDouble(), 1e-4);
        }
    }

    [Fact]
    public void Generate_with_an_adapter_gives_the_reference_greedy_tokens()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Lora, "expected.json"))).RootElement;
        string prompt = expected.GetProperty("prompts")[0].GetString()!;
        var tokens = expected.GetProperty("greedy_new_tokens")[0].EnumerateArray().Select(t => t.GetInt32()).ToArray();
        var (code, output, error) = Run("generate", "--model", Model, "--dtype", "fp32", "--adapter", Lora, "--text", prompt,
            "--max-new-tokens", tokens.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.True(code == 0, error);
        var generated = JsonDocument.Parse(output).RootElement.GetProperty("token_ids").EnumerateArray().Select(t => t.GetInt32()).ToArray();
        Assert.Equal(tokens.TakeWhile(t => t is not (0 or 1)), generated);
        var (_, plain, _) = Run("generate", "--model", Model, "--dtype", "fp32", "--text", prompt, "--max-new-tokens", "10", "--json");
        Assert.NotEqual(plain, output);
    }

    [Fact]
    public void Inspect_shows_method_shapes_count_and_what_backbone_fits()
    {
        var (code, output, error) = Run("adapters", "inspect", Lora);
        Assert.True(code == 0, error);
        Assert.Contains($"{Lora}: lora module (peft layout)", output);
        Assert.Contains("options: r=4, lora_alpha=16, target_modules=q,v", output);
        Assert.Contains("made for: d_model 32, 2 encoder blocks, 2 decoder blocks", output);
        Assert.Contains("base_model.model.decoder.block.*.layer.1.EncDecAttention.q.lora_A.weight  [4, 32] × 2", output);
        Assert.Matches(@"parameters: [\d,]+ in 24 tensors", output);

        (code, output, error) = Run("adapters", "inspect", Lora, "--backbone-config", Path.Combine(Model, "config.json"));
        Assert.True(code == 0, error);
        Assert.Contains($"fits {Path.Combine(Model, "config.json")} (d_model 32, 2 encoder and 2 decoder blocks, 4 heads × d_kv 8)", output);

        string baseConfig = Path.Combine(RepoPaths.Fixtures, "t5", "flan-t5-base.config.json");
        (code, output, error) = Run("adapters", "inspect", Lora, "--backbone-config", baseConfig, "--json");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.False(json.GetProperty("fits").GetBoolean());
        Assert.Contains(json.GetProperty("fit_problems").EnumerateArray(), p => p.GetString()!.StartsWith("missing: ", StringComparison.Ordinal));
        Assert.Equal("peft", json.GetProperty("format").GetString());
        Assert.Equal(32, json.GetProperty("d_model").GetInt32());
    }

    [Fact]
    public void A_p_tuning_module_from_peft_says_it_serves_fixed_virtual_tokens()
    {
        string folder = Path.Combine(_tmp, "ptuning");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "adapter_config.json"),
            """{"peft_type": "P_TUNING", "task_type": "SEQ_2_SEQ_LM", "num_virtual_tokens": 3, "token_dim": 32, "num_transformer_submodules": 2, "encoder_hidden_size": 16}""");
        PeftU.Core.Checkpoints.SafetensorsWriter.Write(Path.Combine(folder, "adapter_model.safetensors"),
            new Dictionary<string, TorchSharp.torch.Tensor> { ["prompt_embeddings"] = TorchSharp.torch.randn(6, 32) });
        var (code, output, error) = Run("adapters", "inspect", folder);
        Assert.True(code == 0, error);
        Assert.Contains("prompt-tuning module (peft layout)", output);
        Assert.Contains("note: P-tuning from peft serves as fixed virtual tokens", output);
        Assert.Contains("prompt_embeddings  [3, 32]", output);

        (code, _, error) = Run("score", "--model", Model, "--dtype", "fp32", "--adapter", folder, "--text", "hi", "--labels", "a,b");
        Assert.True(code == 0, error);
        Assert.Contains("peftu: note: P-tuning from peft serves as fixed virtual tokens", error);
    }

    [Fact]
    public void A_layout_a_method_lacks_is_one_line_and_exit_1_with_nothing_written()
    {
        var (code, _, error) = Run("adapters", "convert", Lora, Path.Combine(_tmp, "hub"), "--to", "adapterhub");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal($"peftu: {Lora}: AdapterHub's layout here holds bottleneck adapters (adapter-houlsby, adapter-pfeiffer), not 'lora'; use --to peft or peftu.", error.Trim());
        Assert.False(Directory.Exists(Path.Combine(_tmp, "hub")));
    }

    [Fact]
    public void A_module_saved_by_a_run_inspects_converts_and_scores_the_same_in_peft_layout()
    {
        string run = Path.Combine(_tmp, "run"), experiment = Path.Combine(_tmp, "one-method.yaml");
        File.WriteAllText(experiment, $$$"""
            backbone: {path: "{{{Model}}}", dtype: fp32, threads: 1}
            tasks: [{id: synthetic, options: {users: 4, texts_per_user: 20}}]
            methods: [{id: prompt-tuning, options: {num_virtual_tokens: 3}}]
            training: {epochs: 1, batch: 4, lr: 0.01, bank_size: 4}
            """);
        var (code, _, error) = Run("run", experiment, "--out", run, "--plain", "--save-adapters");
        Assert.True(code == 0, error);
        string cell = Path.Combine(run, "adapters", "synthetic", "prompt-tuning");
        string user = Directory.GetDirectories(cell).Order(StringComparer.Ordinal).First();

        (code, var output, error) = Run("adapters", "inspect", user, "--json");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(("peftu", "prompt-tuning", 32, 2, 2), (json.GetProperty("format").GetString(), json.GetProperty("method").GetString(),
            json.GetProperty("d_model").GetInt32(), json.GetProperty("encoder_blocks").GetInt32(), json.GetProperty("decoder_blocks").GetInt32()));

        (code, _, error) = Run("adapters", "convert", user, Path.Combine(_tmp, "peft"), "--to", "peft");
        Assert.True(code == 0, error);
        double[] Scores(string? adapter)
        {
            string[] args = ["score", "--model", Model, "--dtype", "fp32", "--text", "Text: a sunny day Label: ", "--labels", "yes,no", "--json"];
            var (c, o, e) = Run(adapter is null ? args : [.. args, "--adapter", adapter]);
            Assert.True(c == 0, e);
            return [.. JsonDocument.Parse(o).RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("sum_logprob").GetDouble())];
        }
        var ours = Scores(user);
        var peft = Scores(Path.Combine(_tmp, "peft"));
        Assert.Equal(ours[0], peft[0], 1e-5);
        Assert.Equal(ours[1], peft[1], 1e-5);
        Assert.NotEqual(Scores(null)[0], ours[0], 1e-3);
    }
}
