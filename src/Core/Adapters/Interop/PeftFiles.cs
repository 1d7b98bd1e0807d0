using System.Globalization;
using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using static TorchSharp.torch;

namespace PeftU.Core.Adapters.Interop;

/// <summary>HF peft's module folders for encoder-decoder models (<c>task_type: SEQ_2_SEQ_LM</c>). LoRA and IA3 share
/// peft's names already. The prompt-learning methods store one table, <c>prompt_embeddings</c>: prompt tuning its
/// virtual tokens (peft sizes it for two transformer submodules, <c>[2N, d]</c>, but its seq2seq forward prepends only
/// rows <c>[0, N)</c> to the encoder input); P-tuning the prompt encoder's <em>output</em> (not its LSTM/MLP weights);
/// prefix tuning the decoder self-attention keys and values, <c>[N, layers · 2 · d]</c>.</summary>
internal static class PeftFiles
{
    public static readonly string[] Types = ["LORA", "IA3", "PROMPT_TUNING", "P_TUNING", "PREFIX_TUNING"];

    public static PortableModule Read(string folder, ConfigJson config)
    {
        string type = config.String("peft_type");
        string? task = config.OptionalString("task_type");
        if (task is not null && task != "SEQ_2_SEQ_LM")
            throw new ModuleFormatException($"{config.Path}: task_type {task}: this module was made for another kind of model; peftu runs encoder-decoder T5 modules (SEQ_2_SEQ_LM).");
        config.RequireNeutral("modules_to_save", "peftu modules train no full copies of backbone modules");
        var tensors = ModuleReader.Tensors(folder, AdapterStore.WeightsFile, "adapter_model.bin");
        string? baseModel = config.OptionalString("base_model_name_or_path");
        try
        {
            return type switch
            {
                "LORA" => Lora(folder, config, tensors, baseModel),
                "IA3" => IA3(folder, config, tensors, baseModel),
                "PROMPT_TUNING" or "P_TUNING" => Prompt(folder, config, tensors, baseModel, type),
                "PREFIX_TUNING" => Prefix(folder, config, tensors, baseModel),
                _ => throw new ModuleFormatException($"{config.Path}: peft_type {type} has no peftu method (supported: {string.Join(", ", Types)})."),
            };
        }
        catch
        {
            foreach (var tensor in tensors.Values)
                tensor.Dispose();
            throw;
        }
    }

    private static PortableModule Lora(string folder, ConfigJson config, Dictionary<string, Tensor> tensors, string? baseModel)
    {
        config.RequireNeutral("bias", "peftu's LoRA trains no biases (bias: none)", "none");
        foreach (var field in new[] { "use_dora", "use_rslora", "fan_in_fan_out" })
            config.RequireNeutral(field, "peftu's LoRA has no such variant");
        foreach (var field in new[] { "rank_pattern", "alpha_pattern", "layers_to_transform", "layers_pattern" })
            config.RequireNeutral(field, "peftu's LoRA uses one rank and scale on every targeted projection of every layer");
        var options = new Dictionary<string, string>
        {
            ["r"] = config.Int("r").ToString(CultureInfo.InvariantCulture),
            ["lora_alpha"] = ConfigJson.Invariant(config.Number("lora_alpha")),
            ["target_modules"] = string.Join(",", config.OptionalNames("target_modules") ?? throw new ModuleFormatException($"{config.Path}: field 'target_modules' is missing.")),
        };
        if (config.OptionalNumber("lora_dropout") is { } dropout)
            options["lora_dropout"] = ConfigJson.Invariant(dropout);
        return new PortableModule(folder, ModuleFormat.Peft, "lora", options, tensors, baseModel, null, []);
    }

    private static PortableModule IA3(string folder, ConfigJson config, Dictionary<string, Tensor> tensors, string? baseModel)
    {
        config.RequireNeutral("fan_in_fan_out", "peftu's IA3 has no such variant");
        var options = new Dictionary<string, string>();
        if (config.OptionalNames("target_modules") is { } targets)
            options["target_modules"] = string.Join(",", targets);
        if (config.OptionalNames("feedforward_modules") is { } feedForward)
            options["feedforward_modules"] = string.Join(",", feedForward);
        return new PortableModule(folder, ModuleFormat.Peft, "ia3", options, tensors, baseModel, null, []);
    }

    private static PortableModule Prompt(string folder, ConfigJson config, Dictionary<string, Tensor> tensors, string? baseModel, string type)
    {
        int n = VirtualTokens(config);
        var table = Table(folder, tensors);
        long rows = table.shape[0], d = table.shape[1];
        int? declared = config.OptionalInt("num_transformer_submodules");
        if (rows % n != 0 || rows / n is not (1 or 2) || declared is { } k && k != rows / n)
            throw new ModuleFormatException($"{Weights(folder)}: prompt_embeddings has {rows} rows; num_virtual_tokens {n} × num_transformer_submodules {declared?.ToString(CultureInfo.InvariantCulture) ?? "(1 or 2)"} expects {n * (declared ?? 1)}{(declared is null ? $" or {2 * n}" : "")}.");
        CheckTokenDim(config, folder, d);
        var notes = new List<string>();
        if (rows == 2L * n)
            notes.Add($"peft's table has {rows} rows (two transformer submodules); its seq2seq forward prepends only rows 0..{n - 1} to the encoder input, so those are kept");
        if (type == "P_TUNING")
            notes.Add("P-tuning from peft serves as fixed virtual tokens: peft stores the prompt encoder's output, not its LSTM/MLP weights, so it loads as a prompt-tuning module (same outputs; it cannot be trained further as P-tuning)");
        var prompts = table[..n].clone();
        table.Dispose();
        return new PortableModule(folder, ModuleFormat.Peft, "prompt-tuning",
            new Dictionary<string, string> { ["num_virtual_tokens"] = n.ToString(CultureInfo.InvariantCulture) },
            new Dictionary<string, Tensor> { ["prompt_embeddings"] = prompts }, baseModel, null, notes);
    }

    private static PortableModule Prefix(string folder, ConfigJson config, Dictionary<string, Tensor> tensors, string? baseModel)
    {
        int n = VirtualTokens(config);
        var table = Table(folder, tensors);
        if (table.shape[0] != n)
            throw new ModuleFormatException($"{Weights(folder)}: prompt_embeddings has {table.shape[0]} rows, num_virtual_tokens is {n}.");
        if (config.OptionalInt("num_layers") is { } layers && config.OptionalInt("token_dim") is { } tokenDim && table.shape[1] != 2L * layers * tokenDim)
            throw new ModuleFormatException($"{Weights(folder)}: prompt_embeddings is [{n}, {table.shape[1]}]; num_layers {layers} × 2 × token_dim {tokenDim} expects [{n}, {2L * layers * tokenDim}].");
        var options = new Dictionary<string, string>
        {
            ["num_virtual_tokens"] = n.ToString(CultureInfo.InvariantCulture),
            ["prefix_projection"] = "false",
            ["placement"] = "decoder-self",
        };
        if (config.OptionalInt("encoder_hidden_size") is { } hidden)
            options["encoder_hidden_size"] = hidden.ToString(CultureInfo.InvariantCulture);
        var notes = new List<string> { "peft's prefix table holds keys and values for the decoder's self-attention (T5's past key values): loaded there" };
        if (config.OptionalBool("prefix_projection") == true)
            notes.Add("peft saved the projection's output, not the projection: the prefixes are fixed (placement decoder-self, no projection)");
        return new PortableModule(folder, ModuleFormat.Peft, "prefix-tuning", options,
            new Dictionary<string, Tensor> { ["prompt_embeddings"] = table }, baseModel, null, notes);
    }

    /// <summary>The method's files in peft's layout; prompt encoders and projections are evaluated (peft stores their
    /// output), so P-tuning and projected prefixes need the plugin (<paramref name="method"/>, configured) and dims.</summary>
    public static (Dictionary<string, object?> Config, Dictionary<string, Tensor> Tensors, List<string> Notes) Write(
        PortableModule module, IPeftMethod method, BackboneDims? dims)
    {
        var config = new Dictionary<string, object?>(method.AdapterConfig());
        var notes = new List<string>();
        Dictionary<string, Tensor> tensors;
        switch (module.MethodId)
        {
            case "lora" or "ia3":
                tensors = new(module.Tensors);
                break;
            case "prompt-tuning":
                // The initialisation is no part of a trained module, and peft's TEXT init asks for a tokenizer name.
                config["prompt_tuning_init"] = "RANDOM";
                config.Remove("prompt_tuning_init_text");
                config["token_dim"] = module.Tensors["prompt_embeddings"].shape[1];
                tensors = new(module.Tensors);
                break;
            case "p-tuning":
                var prompts = PromptOutputs.EncoderPrompt(method, module, dims);
                config["token_dim"] = prompts.shape[1];
                tensors = new() { ["prompt_embeddings"] = prompts };
                notes.Add("peft keeps P-tuning's prompt encoder output, not its weights: the file serves these virtual tokens as they are (peft loads it in inference mode)");
                break;
            case "prefix-tuning":
                if (module.Options.TryGetValue("placement", out var placement) && placement != "decoder-self")
                    throw new ModuleFormatException($"{module.Source}: prefix-tuning with placement={placement} prefixes every attention; peft's T5 prefix reaches decoder self-attention only (convert --to peftu keeps it).");
                var table = module.Options.GetValueOrDefault("prefix_projection") == "true"
                    ? PromptOutputs.PrefixTable(method, module, dims)
                    : module.Tensors["prompt_embeddings"];
                config = new Dictionary<string, object?>
                {
                    ["peft_type"] = "PREFIX_TUNING",
                    ["task_type"] = "SEQ_2_SEQ_LM",
                    ["num_virtual_tokens"] = table.shape[0],
                    ["prefix_projection"] = false,
                    ["encoder_hidden_size"] = config.GetValueOrDefault("encoder_hidden_size"),
                };
                if (dims is not null)
                {
                    // peft splits each prefix row as layers × 2 × heads × (token_dim / heads): T5's inner width must be d_model.
                    if (dims.Inner != dims.DModel)
                        throw new ModuleFormatException($"{module.Source}: this backbone's attention width (num_heads × d_kv = {dims.Inner}) differs from d_model {dims.DModel}; peft's prefix layout assumes they are equal.");
                    config["num_layers"] = dims.NumDecoderLayers;
                    config["token_dim"] = dims.DModel;
                    config["num_attention_heads"] = dims.NumHeads;
                }
                tensors = new() { ["prompt_embeddings"] = table };
                break;
            case "adapter-houlsby" or "adapter-pfeiffer":
                throw new ModuleFormatException($"{module.Source}: HF peft has no Houlsby/Pfeiffer bottleneck adapters; use --to adapterhub (or peftu).");
            default:
                throw new ModuleFormatException($"{module.Source}: method '{module.MethodId}' has no HF peft layout (peft: lora, ia3, prompt-tuning, p-tuning, prefix-tuning).");
        }
        config["base_model_name_or_path"] = module.BaseModel;
        config["inference_mode"] = true;
        return (config, tensors, notes);
    }

    private static int VirtualTokens(ConfigJson config)
    {
        int n = config.Int("num_virtual_tokens");
        return n >= 1 ? n : throw config.Bad("num_virtual_tokens", "at least 1", config.Required("num_virtual_tokens"));
    }

    private static Tensor Table(string folder, Dictionary<string, Tensor> tensors)
    {
        var extra = tensors.Keys.Where(k => k != "prompt_embeddings").Order(StringComparer.Ordinal).ToList();
        if (!tensors.TryGetValue("prompt_embeddings", out var table))
            throw new ModuleFormatException($"{Weights(folder)}: no tensor 'prompt_embeddings' (found: {string.Join(", ", tensors.Keys.Order(StringComparer.Ordinal))}).");
        if (extra.Count > 0)
            throw new ModuleFormatException($"{Weights(folder)}: unexpected tensors beside prompt_embeddings: {string.Join(", ", extra)}.");
        if (table.dim() != 2)
            throw new ModuleFormatException($"{Weights(folder)}: prompt_embeddings has shape [{string.Join(", ", table.shape)}], expected [rows, width].");
        return table;
    }

    private static void CheckTokenDim(ConfigJson config, string folder, long d)
    {
        if (config.OptionalInt("token_dim") is { } tokenDim && tokenDim != d)
            throw new ModuleFormatException($"{Weights(folder)}: prompt_embeddings rows have width {d}, token_dim is {tokenDim}.");
    }

    private static string Weights(string folder) => Path.Combine(folder, AdapterStore.WeightsFile);
}
