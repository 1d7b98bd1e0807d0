using System.Globalization;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace PeftU.Core.Adapters.Interop;

/// <summary>AdapterHub's (<c>adapters</c> library) bottleneck-adapter folders on T5: <c>adapter_config.json</c> (the
/// adapter's config under <c>config</c>, its name, the model) and <c>adapter.safetensors</c> with keys
/// <c>{encoder|decoder}.block.{i}.layer.{j}.adapters.{name}.adapter_down.0.{weight,bias}</c> and
/// <c>….adapter_up.{weight,bias}</c> (<c>transformer.</c> in front when saved from <c>T5AdapterModel</c>); <c>j</c> is
/// the sublayer (0 self-attention, 1 encoder feed-forward or decoder cross-attention, 2 decoder feed-forward).
/// On T5 AdapterHub adds the block's residual itself after the adapter: with <c>original_ln_before: false</c> (Houlsby)
/// the adapter reads the sublayer's output, with <c>true</c> (Pfeiffer's SeqBnConfig) the stream after the residual add.
/// </summary>
public static partial class AdapterHubFiles
{
    internal const string WeightsFile = "adapter.safetensors";
    internal const string PickleFile = "pytorch_adapter.bin";

    /// <summary>The config format these files have (AdapterHub reads a config without a version as the older
    /// adapter-transformers one, where "gelu" meant the tanh approximation).</summary>
    private const string Version = "adapters.1.2.0";

    [GeneratedRegex(@"^(?:transformer\.)?(?<site>(?:encoder|decoder)\.block\.\d+\.layer\.\d+)\.adapters\.(?<name>[^.]+)\.(?<part>adapter_down\.0|adapter_up)\.(?<kind>weight|bias)$")]
    private static partial Regex Key();

    private static readonly Dictionary<string, string> Activations = new()
    {
        ["relu"] = "relu", ["swish"] = "swish", ["silu"] = "swish", ["tanh"] = "tanh", ["gelu"] = "gelu",
    };

    internal static PortableModule Read(string folder, ConfigJson top)
    {
        var config = top.Child("config");
        string architecture = config.OptionalString("architecture") ?? "bottleneck";
        if (architecture != "bottleneck")
            throw new ModuleFormatException($"{top.Path}: field 'config.architecture' is {architecture}; peftu reads AdapterHub's bottleneck adapters (Houlsby, Pfeiffer).");
        string name = top.String("name");
        bool self = config.OptionalBool("mh_adapter") ?? throw config.Bad("mh_adapter", "true or false", config.Required("mh_adapter"));
        bool output = config.OptionalBool("output_adapter") ?? throw config.Bad("output_adapter", "true or false", config.Required("output_adapter"));
        bool residualInput = config.OptionalBool("original_ln_before") ?? false;
        const string unlike = "peftu's adapters have no such variant";
        config.RequireNeutral("cross_adapter", "peftu's adapters leave decoder cross-attention alone");
        foreach (var field in new[] { "is_parallel", "ln_before", "ln_after", "adapter_residual_before_ln", "use_gating", "phm_layer", "inv_adapter", "leave_out" })
            config.RequireNeutral(field, unlike);
        config.RequireNeutral("scaling", unlike + " (the up-projection is added with scale 1)", 1.0);
        if (config.OptionalBool("residual_before_ln") is false)
            throw new ModuleFormatException($"{top.Path}: field 'config.residual_before_ln' must be true (the adapter's own residual is the sublayer output).");
        if (config.OptionalBool("original_ln_after") is false)
            throw new ModuleFormatException($"{top.Path}: field 'config.original_ln_after' is false; on T5 the block's residual is then never added, which peftu's adapters do not model.");
        string method = (self, output) switch
        {
            (true, true) => "adapter-houlsby",
            (false, true) => "adapter-pfeiffer",
            _ => throw new ModuleFormatException($"{top.Path}: mh_adapter {self.ToString().ToLowerInvariant()}, output_adapter {output.ToString().ToLowerInvariant()}: peftu has Houlsby (both) and Pfeiffer (output only) adapters."),
        };
        if (method == "adapter-houlsby" && residualInput)
            throw new ModuleFormatException($"{top.Path}: field 'config.original_ln_before' is true: a Houlsby adapter on the attention's stream after the residual add has no peftu hook (peftu's Houlsby reads each sublayer's output).");
        string activation = config.String("non_linearity").ToLowerInvariant();
        if (!top.Has("version") && activation == "gelu")
            activation = "gelu_new"; // adapter-transformers' configs: AdapterHub reads their "gelu" as the tanh approximation
        if (activation == "gelu_orig")
            activation = "gelu";
        if (!Activations.TryGetValue(activation, out var nonLinearity))
            throw new ModuleFormatException($"{top.Path}: field 'config.non_linearity' is {activation}; peftu's adapters have {string.Join(", ", Activations.Keys.Distinct())}.");

        var raw = ModuleReader.Tensors(folder, WeightsFile, PickleFile);
        var tensors = new Dictionary<string, Tensor>();
        var odd = new List<string>();
        foreach (var (key, tensor) in raw)
        {
            var match = Key().Match(key);
            if (!match.Success || match.Groups["name"].Value != name)
            {
                odd.Add(key);
                continue;
            }
            string part = match.Groups["part"].Value == "adapter_up" ? "up" : "down";
            tensors[$"base_model.model.{match.Groups["site"].Value}.adapter.{part}.{match.Groups["kind"].Value}"] = tensor;
        }
        if (odd.Count > 0)
        {
            foreach (var tensor in raw.Values)
                tensor.Dispose();
            throw new ModuleFormatException($"{Path.Combine(folder, WeightsFile)}: keys that are not bottleneck-adapter weights of adapter '{name}': {string.Join(", ", odd.Order(StringComparer.Ordinal).Take(5))}{(odd.Count > 5 ? $" (and {odd.Count - 5} more)" : "")}.");
        }
        var down = tensors.FirstOrDefault(t => t.Key.EndsWith(".adapter.down.weight", StringComparison.Ordinal)).Value
            ?? throw new ModuleFormatException($"{Path.Combine(folder, WeightsFile)}: no adapter_down weights.");
        long bottleneck = down.shape[0], d = down.shape[1];
        if (top.OptionalInt("hidden_size") is { } hidden && hidden != d)
            throw new ModuleFormatException($"{Path.Combine(folder, WeightsFile)}: adapter_down takes width {d}, hidden_size is {hidden}.");
        var options = new Dictionary<string, string>
        {
            ["bottleneck_size"] = bottleneck.ToString(CultureInfo.InvariantCulture),
            ["non_linearity"] = nonLinearity,
            ["init_weights"] = config.OptionalString("init_weights") == "bert" ? "bert" : "identity",
        };
        var notes = new List<string>();
        if (method == "adapter-pfeiffer")
        {
            options["adapter_input"] = residualInput ? "residual" : "sublayer";
            if (residualInput)
                notes.Add("AdapterHub's Pfeiffer adapter reads the stream after the feed-forward's residual add: loaded with adapter_input=residual");
        }
        return new PortableModule(folder, ModuleFormat.AdapterHub, method, options, tensors, top.OptionalString("model_name"), null, notes);
    }

    /// <summary>The module's files in AdapterHub's layout (keys without the <c>transformer.</c> prefix, as
    /// <c>T5ForConditionalGeneration</c> with adapters saves them; AdapterHub loads them into either model class).</summary>
    internal static (Dictionary<string, object?> Config, Dictionary<string, Tensor> Tensors) Write(PortableModule module, string name)
    {
        if (module.MethodId is not ("adapter-houlsby" or "adapter-pfeiffer"))
            throw new ModuleFormatException($"{module.Source}: AdapterHub's layout here holds bottleneck adapters (adapter-houlsby, adapter-pfeiffer), not '{module.MethodId}'; use --to peft or peftu.");
        if (!NameRule().IsMatch(name))
            throw new ModuleFormatException($"adapter name '{name}': use letters, digits, '_' and '-' (it becomes part of every key).");
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (key, tensor) in module.Tensors)
        {
            var match = PeftuKey().Match(key);
            if (!match.Success)
                throw new ModuleFormatException($"{module.Source}: tensor '{key}' is not a bottleneck adapter weight.");
            string part = match.Groups["part"].Value == "up" ? "adapter_up" : "adapter_down.0";
            tensors[$"{match.Groups["site"].Value}.adapters.{name}.{part}.{match.Groups["kind"].Value}"] = tensor;
        }
        var down = module.Tensors.First(t => t.Key.EndsWith(".adapter.down.weight", StringComparison.Ordinal)).Value;
        long bottleneck = down.shape[0], d = down.shape[1];
        bool houlsby = module.MethodId == "adapter-houlsby";
        bool residualInput = !houlsby && module.Options.GetValueOrDefault("adapter_input", "sublayer") == "residual";
        string activation = module.Options.GetValueOrDefault("non_linearity", houlsby ? "swish" : "relu");
        var adapter = new Dictionary<string, object?>
        {
            ["architecture"] = "bottleneck",
            ["mh_adapter"] = houlsby,
            ["output_adapter"] = true,
            ["cross_adapter"] = false,
            ["reduction_factor"] = ReductionFactorFor(d, bottleneck),
            ["non_linearity"] = activation,
            ["original_ln_before"] = residualInput,
            ["original_ln_after"] = true,
            ["residual_before_ln"] = true,
            ["adapter_residual_before_ln"] = false,
            ["ln_before"] = false,
            ["ln_after"] = false,
            ["init_weights"] = module.Options.GetValueOrDefault("init_weights") == "bert" ? "bert" : "mam_adapter",
            ["init_weights_seed"] = null,
            ["is_parallel"] = false,
            ["scaling"] = 1.0,
            ["use_gating"] = false,
            ["inv_adapter"] = null,
            ["inv_adapter_reduction_factor"] = null,
            ["leave_out"] = Array.Empty<int>(),
            ["dropout"] = 0.0,
            ["phm_layer"] = false,
            ["stochastic_depth"] = 0.0,
        };
        var config = new Dictionary<string, object?>
        {
            ["config"] = adapter,
            ["hidden_size"] = d,
            ["model_class"] = "T5ForConditionalGeneration",
            ["model_name"] = module.BaseModel,
            ["model_type"] = "t5",
            ["name"] = name,
            ["version"] = Version,
        };
        return (config, tensors);
    }

    /// <summary>AdapterHub sizes the bottleneck as <c>int(hidden_size // reduction_factor)</c>: a whole factor where d
    /// divides evenly, else d / (b + ½), whose floor division gives b exactly.</summary>
    public static double ReductionFactorFor(long d, long bottleneck) =>
        d % bottleneck == 0 ? d / bottleneck : d / (bottleneck + 0.5);

    [GeneratedRegex(@"^base_model\.model\.(?<site>(?:encoder|decoder)\.block\.\d+\.layer\.\d+)\.adapter\.(?<part>down|up)\.(?<kind>weight|bias)$")]
    private static partial Regex PeftuKey();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+$")]
    private static partial Regex NameRule();
}
