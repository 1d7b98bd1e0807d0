using PeftU.Abstractions.Backbone;
using PeftU.Core.Adapters.Interop;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests.Interop;

/// <summary>Folders written here in the other tools' own layouts (peft's table sizes, AdapterHub's full config and key
/// names, <c>transformer.</c> prefix), read by peftu, give the outputs those tools' forward defines — computed in each
/// test by hooks written from the other tool's semantics, not by the method plugins.</summary>
public sealed class ForeignLayoutTests
{
    private const int N = 4;

    [Fact]
    public void Peft_prompt_tuning_uses_only_the_first_n_rows_for_the_encoder()
    {
        using var backbone = TinyFlanFixture.Load();
        using var folders = new ModuleFolders();
        var generator = new Generator(5);
        var table = randn([2 * N, 32], generator: generator);
        table[N..] = table[N..] * TorchScalars.Of(1000); // rows peft's seq2seq forward never reads: were they used, nothing would match
        WritePeft(folders.Folder("peft"), """{"peft_type": "PROMPT_TUNING", "task_type": "SEQ_2_SEQ_LM", "num_virtual_tokens": 4, "token_dim": 32, "num_transformer_submodules": 2, "num_attention_heads": 4, "num_layers": 2, "prompt_tuning_init": "RANDOM", "base_model_name_or_path": "tiny-flan", "inference_mode": true}""",
            table);

        var expected = WithEncoderPrompt(backbone, table[..N]);
        ModuleFolders.AssertSame(expected, ModuleFolders.LogitsWith(backbone, folders.Folder("peft")));
        using var module = ModuleReader.Read(folders.Folder("peft"));
        Assert.Equal("prompt-tuning", module.MethodId);
        Assert.Contains(module.Notes, n => n.Contains("rows 0..3", StringComparison.Ordinal));
    }

    [Fact]
    public void Peft_p_tuning_serves_its_stored_encoder_output_as_fixed_virtual_tokens()
    {
        using var backbone = TinyFlanFixture.Load();
        using var folders = new ModuleFolders();
        var output = randn([N, 32], generator: new Generator(6));
        WritePeft(folders.Folder("peft"), """{"peft_type": "P_TUNING", "task_type": "SEQ_2_SEQ_LM", "num_virtual_tokens": 4, "token_dim": 32, "num_transformer_submodules": 1, "encoder_reparameterization_type": "LSTM", "encoder_hidden_size": 128, "encoder_num_layers": 2, "inference_mode": true}""",
            output);
        ModuleFolders.AssertSame(WithEncoderPrompt(backbone, output), ModuleFolders.LogitsWith(backbone, folders.Folder("peft")));
    }

    [Fact]
    public void Peft_prefix_table_gives_each_decoder_layer_its_keys_and_values()
    {
        using var backbone = TinyFlanFixture.Load();
        using var folders = new ModuleFolders();
        var dims = backbone.Model.Hooks.Dims;
        int layers = dims.NumDecoderLayers, heads = dims.NumHeads, headDim = dims.DModel / heads;
        var table = randn([N, layers * 2 * dims.DModel], generator: new Generator(7));
        WritePeft(folders.Folder("peft"), """{"peft_type": "PREFIX_TUNING", "task_type": "SEQ_2_SEQ_LM", "num_virtual_tokens": 4, "token_dim": 32, "num_layers": 2, "num_attention_heads": 4, "num_transformer_submodules": 2, "prefix_projection": false, "encoder_hidden_size": 32, "inference_mode": true}""",
            table);

        // peft's get_prompt: view [batch, N, layers·2, heads, d/heads] → permute [layers·2, batch, heads, N, d/heads];
        // entry 2l holds layer l's keys, 2l+1 its values (T5's decoder self-attention past key values).
        var kv = table.unsqueeze(0).view(1, N, layers * 2, heads, headDim).permute(2, 0, 3, 1, 4);
        var sites = backbone.Model.Hooks.Attentions.Where(a => a.Kind == AttentionKind.DecoderSelf).ToList();
        var handles = sites.Select((site, l) => backbone.Model.Hooks.SetKeyValuePrefix(site, (_, context) => new KeyValuePrefix(
            kv[2 * l].expand(context.UserIndex.shape[0], -1, -1, -1), kv[2 * l + 1].expand(context.UserIndex.shape[0], -1, -1, -1)))).ToList();
        var expected = ModuleFolders.LogitsWithout(backbone);
        handles.ForEach(h => h.Dispose());

        ModuleFolders.AssertSame(expected, ModuleFolders.LogitsWith(backbone, folders.Folder("peft")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AdapterHub_pfeiffer_reads_the_stream_after_the_feed_forward_residual(bool fromAdapterModel)
    {
        using var backbone = TinyFlanFixture.Load();
        using var folders = new ModuleFolders();
        var weights = BottleneckWeights(backbone.Model.Hooks, s => s.Kind == SublayerKind.FeedForward, bottleneck: 2, seed: 8);
        WriteAdapterHub(folders.Folder("hub"), SeqBnConfig, weights, fromAdapterModel ? "transformer." : "");

        // AdapterHub on T5 (layer_norm None, original_ln_before, residual_before_ln): x = sublayer + residual,
        // out = x + up(relu(down(x))) — the block's output plus the adapter of it.
        var hooks = backbone.Model.Hooks;
        var handles = hooks.Sublayers.Where(s => s.Kind == SublayerKind.FeedForward).Select(site =>
        {
            var block = hooks.Blocks.Single(b => b.Stack == site.Stack && b.Layer == site.Layer);
            return hooks.AddBlockOutput(block, (_, x, _) => x.Plus(Bottleneck(weights, site, x, t => nn.functional.relu(t))));
        }).ToList();
        var expected = ModuleFolders.LogitsWithout(backbone);
        handles.ForEach(h => h.Dispose());

        ModuleFolders.AssertSame(expected, ModuleFolders.LogitsWith(backbone, folders.Folder("hub")));
        using var module = ModuleReader.Read(folders.Folder("hub"));
        Assert.Equal("adapter-pfeiffer", module.MethodId);
        Assert.Equal("residual", module.Options["adapter_input"]);
    }

    [Fact]
    public void AdapterHub_houlsby_adapts_each_self_attention_and_feed_forward_output()
    {
        using var backbone = TinyFlanFixture.Load();
        using var folders = new ModuleFolders();
        bool Adapted(SublayerSite s) => s.Kind != SublayerKind.CrossAttention;
        var weights = BottleneckWeights(backbone.Model.Hooks, Adapted, bottleneck: 3, seed: 9);
        WriteAdapterHub(folders.Folder("hub"), DoubleSeqBnConfig, weights, "");

        // original_ln_before false: the adapter reads the sublayer output s and gives s + up(swish(down(s))); the
        // block then adds its residual.
        var hooks = backbone.Model.Hooks;
        var handles = hooks.Sublayers.Where(Adapted)
            .Select(site => hooks.AddSublayerOutput(site, (_, s, _) => s.Plus(Bottleneck(weights, site, s, t => nn.functional.silu(t))))).ToList();
        var expected = ModuleFolders.LogitsWithout(backbone);
        handles.ForEach(h => h.Dispose());

        ModuleFolders.AssertSame(expected, ModuleFolders.LogitsWith(backbone, folders.Folder("hub")));
    }

    private static Tensor WithEncoderPrompt(PeftU.Core.Checkpoints.LoadedBackbone backbone, Tensor prompt)
    {
        using var handle = backbone.Model.Hooks.SetEncoderEmbeddingPrefix((embeddings, _) => prompt.unsqueeze(0).expand(embeddings.shape[0], -1, -1));
        return ModuleFolders.LogitsWithout(backbone);
    }

    internal static void WritePeft(string folder, string config, Tensor table)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "adapter_config.json"), config);
        ModuleFolders.WriteSafetensors(Path.Combine(folder, "adapter_model.safetensors"), new() { ["prompt_embeddings"] = table });
    }

    /// <summary>Per adapted sublayer: down [b, d] + bias, up [d, b] + bias (seeded, large enough to matter).</summary>
    private static Dictionary<string, Tensor> BottleneckWeights(IBackboneHooks hooks, Func<SublayerSite, bool> adapted, int bottleneck, int seed)
    {
        var generator = new Generator((ulong)seed);
        int d = hooks.Dims.DModel;
        var weights = new Dictionary<string, Tensor>();
        foreach (var site in hooks.Sublayers.Where(adapted))
        {
            weights[$"{site.Name}.down.weight"] = randn([bottleneck, d], generator: generator) * TorchScalars.Of(0.3);
            weights[$"{site.Name}.down.bias"] = randn([bottleneck], generator: generator) * TorchScalars.Of(0.3);
            weights[$"{site.Name}.up.weight"] = randn([d, bottleneck], generator: generator) * TorchScalars.Of(0.3);
            weights[$"{site.Name}.up.bias"] = randn([d], generator: generator) * TorchScalars.Of(0.3);
        }
        return weights;
    }

    private static Tensor Bottleneck(Dictionary<string, Tensor> w, SublayerSite site, Tensor x, Func<Tensor, Tensor> activation) =>
        nn.functional.linear(activation(nn.functional.linear(x, w[$"{site.Name}.down.weight"], w[$"{site.Name}.down.bias"])),
            w[$"{site.Name}.up.weight"], w[$"{site.Name}.up.bias"]);

    internal static void WriteAdapterHub(string folder, string adapterConfig, Dictionary<string, Tensor> weights, string prefix, string name = "gab_user")
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "adapter_config.json"),
            $$"""{"config": {{adapterConfig}}, "hidden_size": 32, "model_class": "T5ForConditionalGeneration", "model_name": "google/flan-t5-base", "model_type": "t5", "name": "{{name}}", "version": "adapters.1.2.0"}""");
        var keyed = weights.ToDictionary(w =>
        {
            int dot = w.Key.LastIndexOf('.', w.Key.LastIndexOf('.') - 1);
            string site = w.Key[..dot], rest = w.Key[(dot + 1)..];
            return $"{prefix}{site}.adapters.{name}.{(rest.StartsWith("down", StringComparison.Ordinal) ? "adapter_down.0" : "adapter_up")}.{rest[(rest.IndexOf('.') + 1)..]}";
        }, w => w.Value);
        ModuleFolders.WriteSafetensors(Path.Combine(folder, "adapter.safetensors"), keyed);
    }

    /// <summary>AdapterHub's <c>SeqBnConfig()</c> (Pfeiffer) as its <c>to_dict()</c> saves it, bottleneck 32 // 16 = 2.</summary>
    internal const string SeqBnConfig = """{"adapter_residual_before_ln": false, "architecture": "bottleneck", "cross_adapter": false, "dropout": 0.0, "factorized_phm_W": true, "factorized_phm_rule": false, "hypercomplex_nonlinearity": "glorot-uniform", "init_weights": "bert", "init_weights_seed": null, "inv_adapter": null, "inv_adapter_reduction_factor": null, "is_parallel": false, "learn_phm": true, "leave_out": [], "ln_after": false, "ln_before": false, "mh_adapter": false, "non_linearity": "relu", "original_ln_after": true, "original_ln_before": true, "output_adapter": true, "phm_bias": true, "phm_c_init": "normal", "phm_dim": 4, "phm_init_range": 0.0001, "phm_layer": false, "phm_rank": 1, "reduction_factor": 16, "residual_before_ln": true, "scaling": 1.0, "shared_W_phm": false, "shared_phm_rule": true, "stochastic_depth": 0.0, "use_gating": false}""";

    /// <summary>AdapterHub's <c>DoubleSeqBnConfig(reduction_factor=32/3.5)</c> (Houlsby): bottleneck int(32 // 9.14) = 3.</summary>
    internal const string DoubleSeqBnConfig = """{"adapter_residual_before_ln": false, "architecture": "bottleneck", "cross_adapter": false, "dropout": 0.0, "init_weights": "bert", "inv_adapter": null, "is_parallel": false, "leave_out": [], "ln_after": false, "ln_before": false, "mh_adapter": true, "non_linearity": "swish", "original_ln_after": true, "original_ln_before": false, "output_adapter": true, "phm_layer": false, "reduction_factor": 9.142857142857142, "residual_before_ln": true, "scaling": 1.0, "stochastic_depth": 0.0, "use_gating": false}""";
}
