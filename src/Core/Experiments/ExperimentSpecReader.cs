using System.Globalization;
using PeftU.Abstractions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PeftU.Core.Experiments;

/// <summary>Reads an experiment YAML file into an <see cref="ExperimentSpec"/>, collecting every structural problem
/// (syntax, unknown keys with the nearest valid one, wrong types, missing sections) with file:line:column.</summary>
public sealed partial class ExperimentSpecReader
{
    private static readonly string[] TopKeys = ["backbone", "tasks", "methods", "training", "evaluation", "prompts", "budget", "output"];
    private static readonly string[] BackboneKeys = ExperimentSchema.Keys("backbone");
    private static readonly string[] TaskKeys = ["id", "options", "data"];
    private static readonly string[] MethodKeys = ["id", "options", "training", "evaluation"];
    private static readonly string[] TrainingKeys = ExperimentSchema.Keys("training");
    private static readonly string[] EvaluationKeys = ExperimentSchema.Keys("evaluation");
    private static readonly string[] PromptsKeys = ExperimentSchema.Keys("prompts");
    private static readonly string[] BudgetKeys = ExperimentSchema.Keys("budget");

    private readonly string _file;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<int, YamlNode> _methodTraining = [];
    private readonly Dictionary<int, YamlNode> _methodEvaluation = [];
    private readonly List<SpecError> _errors = [];

    private ExperimentSpecReader(string file, Func<string, string?> environment)
    {
        _file = file;
        _environment = environment;
    }

    /// <summary>Reads a file; throws with every structural problem.</summary>
    public static ExperimentSpec Read(string path)
    {
        var (spec, errors) = ReadLenient(path);
        return errors.Count > 0 ? throw new ExperimentSpecException(errors) : spec;
    }

    /// <summary>Reads a file and returns its problems instead of throwing, with a best-effort spec (defaults where a value
    /// was wrong), so later checks (plugins, data, budgets) can report in the same pass. Throws only when the file cannot
    /// be read as a mapping at all.</summary>
    public static (ExperimentSpec Spec, IReadOnlyList<SpecError> Errors) ReadLenient(string path, Func<string, string?>? environment = null)
    {
        if (!File.Exists(path))
            throw new ExperimentSpecException([new SpecError(path, 1, 1, "no such experiment file")]);
        using var reader = new StreamReader(path);
        return ParseLenient(reader, path, environment);
    }

    public static ExperimentSpec Parse(TextReader text, string file)
    {
        var (spec, errors) = ParseLenient(text, file);
        return errors.Count > 0 ? throw new ExperimentSpecException(errors) : spec;
    }

    /// <summary>Like <see cref="Parse"/>, returning problems. Scalars may name variables, <c>${NAME}</c> or
    /// <c>${NAME:-default}</c>, read from <paramref name="environment"/> (the process environment by default), so shipped
    /// files can leave checkpoint and data paths to the user.</summary>
    public static (ExperimentSpec Spec, IReadOnlyList<SpecError> Errors) ParseLenient(TextReader text, string file, Func<string, string?>? environment = null)
    {
        var self = new ExperimentSpecReader(file, environment ?? Environment.GetEnvironmentVariable);
        string content = text.ReadToEnd();
        if (YamlPreflight.Check(content, file) is { } unsafeText)
            throw new ExperimentSpecException([unsafeText]);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(content));
        }
        catch (YamlException e)
        {
            throw new ExperimentSpecException([new SpecError(file, Math.Max(1, (int)e.Start.Line), Math.Max(1, (int)e.Start.Column),
                "YAML syntax: " + (e.InnerException?.Message ?? e.Message))]);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new ExperimentSpecException([new SpecError(file, 1, 1, "YAML syntax: " + e.Message)]);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ExperimentSpecException([new SpecError(file, 1, 1, "the file must be a mapping with backbone, tasks and methods")]);
        self.ExpandVariables(root);
        var spec = self.Spec(root);
        return (spec, self._errors);
    }

    private void ExpandVariables(YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { } value } scalar when value.Contains("${", StringComparison.Ordinal):
                scalar.Value = VariablePattern().Replace(value, match =>
                {
                    string name = match.Groups["name"].Value;
                    if (_environment(name) is { Length: > 0 } set)
                        return set;
                    if (match.Groups["default"].Success)
                        return match.Groups["default"].Value;
                    Error(scalar, $"variable {name} is not set (set it, or write ${{{name}:-default}} in the file)");
                    return "";
                });
                break;
            case YamlMappingNode mapping:
                foreach (var child in mapping.Children.Values)
                    ExpandVariables(child);
                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                    ExpandVariables(child);
                break;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:-(?<default>[^}]*))?\}")]
    private static partial System.Text.RegularExpressions.Regex VariablePattern();

    private ExperimentSpec Spec(YamlMappingNode root)
    {
        var sections = Keys(root, TopKeys, "top level");
        var backbone = sections.TryGetValue("backbone", out var b) ? Backbone(b) : Missing<BackboneSpec>(root, "backbone");
        var tasks = sections.TryGetValue("tasks", out var t) ? Plugins(t, "tasks") : Missing<List<PluginSpec>>(root, "tasks");
        var methods = sections.TryGetValue("methods", out var m) ? Plugins(m, "methods") : Missing<List<PluginSpec>>(root, "methods");
        var training = sections.TryGetValue("training", out var tr) ? Training(tr, new TrainingSpec(), "training") : new TrainingSpec();
        // A method's own training keys override the section's, after it is read (sections come in any order).
        methods = methods?.Select((method, i) => _methodTraining.TryGetValue(i, out var own)
            ? method with { Training = Training(own, training, $"{method.Id}.training") }
            : method).ToList();
        var evaluation = sections.TryGetValue("evaluation", out var ev) ? Evaluation(ev, new EvaluationSpec(), "evaluation") : new EvaluationSpec();
        // Likewise a method's own evaluation keys (the original's two code paths generate different lengths).
        methods = methods?.Select((method, i) => _methodEvaluation.TryGetValue(i, out var own)
            ? method with { Evaluation = Evaluation(own, evaluation, $"{method.Id}.evaluation") }
            : method).ToList();
        var prompts = sections.TryGetValue("prompts", out var pr) ? Prompts(pr) : null;
        var budget = sections.TryGetValue("budget", out var bu) ? Budget(bu) : null;
        string output = sections.TryGetValue("output", out var o) ? Text(o, "output") ?? "runs/experiment" : "runs/experiment";
        return new ExperimentSpec(_file, backbone ?? new BackboneSpec("", "auto", "cpu", null, new SpecPosition(1, 1)), tasks ?? [], methods ?? [],
            training, evaluation, budget, output, prompts);
    }

    private BackboneSpec? Backbone(YamlNode node)
    {
        var keys = Keys(node, BackboneKeys, "backbone");
        string? path = keys.TryGetValue("path", out var p) ? Text(p, "backbone.path") : null;
        if (path is null)
            Error(node, "backbone.path is required: a local HF T5 folder (config.json, model.safetensors, spiece.model)");
        string dtype = keys.TryGetValue("dtype", out var d) ? OneOf(d, "backbone.dtype", ["auto", "fp32", "bf16"]) : "auto";
        string device = keys.TryGetValue("device", out var dv) ? OneOf(dv, "backbone.device", ["cpu", "cuda", "auto"]) : "cpu";
        int? threads = keys.TryGetValue("threads", out var th) ? Int(th, "backbone.threads", SettingLimits.Threads.Min, SettingLimits.Threads.Max) : null;
        return new BackboneSpec(path ?? "", dtype, device, threads, At(node));
    }

    private List<PluginSpec>? Plugins(YamlNode node, string section)
    {
        if (node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            Error(node, $"{section} must be a non-empty list of {{id: …}} entries");
            return null;
        }
        var result = new List<PluginSpec>();
        foreach (var item in list.Children)
        {
            if (item is YamlScalarNode scalar) // "- lora" shorthand
            {
                result.Add(new PluginSpec(scalar.Value ?? "", new Dictionary<string, object?>(), null, At(item), new Dictionary<string, SpecPosition>()));
                continue;
            }
            var keys = Keys(item, section == "methods" ? MethodKeys : TaskKeys, section);
            string? id = keys.TryGetValue("id", out var i) ? Text(i, section + ".id") : null;
            if (id is null)
            {
                Error(item, $"every entry of {section} needs an id");
                continue;
            }
            var options = new Dictionary<string, object?>(StringComparer.Ordinal);
            var positions = new Dictionary<string, SpecPosition>(StringComparer.Ordinal);
            if (keys.TryGetValue("options", out var o))
            {
                if (o is not YamlMappingNode map)
                    Error(o, $"{id}: options must be a mapping of option: value");
                else
                {
                    foreach (var (key, value) in map.Children)
                    {
                        if (KeyName(key, $"{id}.options") is not { } name)
                            continue;
                        if (!Value(value, $"{id}.{name}", out object? v))
                            continue;
                        if (!options.TryAdd(name, v))
                            Error(key, $"option '{name}' appears twice in {id}.options");
                        positions[name] = At(key);
                    }
                }
            }
            string? data = keys.TryGetValue("data", out var dd) ? Text(dd, section + ".data") : null;
            if (keys.TryGetValue("training", out var training))
                _methodTraining[result.Count] = training;
            if (keys.TryGetValue("evaluation", out var evaluation))
                _methodEvaluation[result.Count] = evaluation;
            result.Add(new PluginSpec(id, options, data, At(item), positions));
        }
        return result;
    }

    /// <summary>The training keys of <paramref name="node"/> over <paramref name="d"/> (the defaults, or the training
    /// section for a method's own keys); <paramref name="where"/> prefixes messages.</summary>
    private TrainingSpec Training(YamlNode node, TrainingSpec d, string where)
    {
        var keys = Keys(node, TrainingKeys, where);
        return new TrainingSpec(
            keys.TryGetValue("epochs", out var e) ? Int(e, $"{where}.epochs", 1, 10_000) ?? d.Epochs : d.Epochs,
            keys.TryGetValue("lr", out var lr) ? Double(lr, $"{where}.lr", 0, 10) ?? d.Lr : d.Lr,
            keys.TryGetValue("weight_decay", out var wd) ? Double(wd, $"{where}.weight_decay", 0, 10) ?? d.WeightDecay : d.WeightDecay,
            keys.TryGetValue("batch", out var b) ? Int(b, $"{where}.batch", 1, 65_536) ?? d.Batch : d.Batch,
            keys.TryGetValue("warmup_ratio", out var w) ? Double(w, $"{where}.warmup_ratio", 0, 1) ?? d.WarmupRatio : d.WarmupRatio,
            keys.TryGetValue("seed", out var s) ? Int(s, $"{where}.seed", 0, int.MaxValue) ?? d.Seed : d.Seed,
            keys.TryGetValue("bank_size", out var bs) ? Int(bs, $"{where}.bank_size", 1, 100_000) ?? d.BankSize : d.BankSize,
            keys.TryGetValue("dropout", out var dr) ? Bool(dr, $"{where}.dropout") ?? d.Dropout : d.Dropout,
            keys.TryGetValue("pad_to", out var pt) ? Int(pt, $"{where}.pad_to", 0, 4096) ?? d.PadTo : d.PadTo,
            keys.TryGetValue("max_grad_norm", out var g) ? Double(g, $"{where}.max_grad_norm", 0, 1e6) ?? d.MaxGradNorm : d.MaxGradNorm,
            keys.TryGetValue("warmup_rounding", out var wr) ? OneOf(wr, $"{where}.warmup_rounding", ["ceil", "floor"]) : d.WarmupRounding,
            keys.TryGetValue("decay_bias", out var db) ? Bool(db, $"{where}.decay_bias") ?? d.DecayBias : d.DecayBias,
            keys.TryGetValue("val_loss", out var vl) ? OneOf(vl, $"{where}.val_loss", ["token_mean", "batch_mean", "batch_mean_by_size"]) : d.ValLoss);
    }

    private PromptsSpec Prompts(YamlNode node)
    {
        var keys = Keys(node, PromptsKeys, "prompts");
        var d = new PromptsSpec();
        return new PromptsSpec(
            keys.TryGetValue("shots", out var s) ? Int(s, "prompts.shots", SettingLimits.Shots.Min, SettingLimits.Shots.Max) ?? d.Shots : d.Shots,
            keys.TryGetValue("max_input_tokens", out var m) ? Int(m, "prompts.max_input_tokens", 1, 4096) ?? d.MaxInputTokens : d.MaxInputTokens,
            keys.TryGetValue("faithful", out var f) ? Bool(f, "prompts.faithful") ?? d.Faithful : d.Faithful);
    }

    private EvaluationSpec Evaluation(YamlNode node, EvaluationSpec d, string where)
    {
        var keys = Keys(node, EvaluationKeys, where);
        return new EvaluationSpec(
            keys.TryGetValue("mode", out var m) ? OneOf(m, $"{where}.mode", ["score", "generate"]) : d.Mode,
            keys.TryGetValue("max_new_tokens", out var t) ? Int(t, $"{where}.max_new_tokens", SettingLimits.MaxNewTokens.Min, SettingLimits.MaxNewTokens.Max) ?? d.MaxNewTokens : d.MaxNewTokens,
            keys.TryGetValue("pad_to", out var pt) ? Int(pt, $"{where}.pad_to", 0, 4096) ?? d.PadTo : d.PadTo);
    }

    private BudgetSpec? Budget(YamlNode node)
    {
        var keys = Keys(node, BudgetKeys, "budget");
        long? target = keys.TryGetValue("params", out var p) ? Int(p, "budget.params", (int)SettingLimits.BudgetParams.Min, (int)SettingLimits.BudgetParams.Max) : null;
        if (target is null && !keys.ContainsKey("params"))
            Error(node, "budget.params is required (trainable parameters per user)");
        double tolerance = keys.TryGetValue("tolerance", out var t) ? Tolerance(t) : 0.005;
        string mode = keys.TryGetValue("mode", out var m) ? OneOf(m, "budget.mode", ["solve", "check"]) : "solve";
        return target is null ? null : new BudgetSpec(target.Value, tolerance, mode, At(node));
    }

    /// <summary>A tolerance as a fraction (0.005) or a percentage ("0.5%").</summary>
    private double Tolerance(YamlNode node)
    {
        string? text = Text(node, "budget.tolerance");
        if (text is null)
            return 0.005;
        bool percent = text.EndsWith('%');
        if (NumberRules.TryParse(percent ? text[..^1] : text, out double value) && NumberRules.Problem(percent ? value / 100 : value, SettingLimits.Tolerance.Min, SettingLimits.Tolerance.Max) is null)
            return percent ? value / 100 : value;
        Error(node, $"budget.tolerance must be a fraction in 0..1 (0.005) or a percentage (0.5%), got '{text}'");
        return 0.005;
    }

    private Dictionary<string, YamlNode> Keys(YamlNode node, string[] allowed, string where)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (node is not YamlMappingNode map)
        {
            Error(node, $"{where} must be a mapping");
            return result;
        }
        foreach (var (key, value) in map.Children)
        {
            if (KeyName(key, where) is not { } name)
                continue;
            if (!allowed.Contains(name))
            {
                var near = NameSuggester.Nearest(name, allowed);
                Error(key, $"unknown key '{name}' in {where}" + (near.Count > 0 ? $"; did you mean '{near[0]}'?" : "") + $" (valid: {string.Join(", ", allowed)})");
                continue;
            }
            if (!result.TryAdd(name, value))
                Error(key, $"key '{name}' appears twice in {where}");
        }
        return result;
    }

    /// <summary>A key's name; a sequence or mapping used as a key (<c>? [a, b]</c>) is an error, not an unknown "".</summary>
    private string? KeyName(YamlNode key, string where)
    {
        if (key is YamlScalarNode { Value: { } name })
            return name;
        Error(key, $"a key in {where} must be a plain name, not a {(key is YamlSequenceNode ? "sequence" : "mapping")}");
        return null;
    }

    /// <summary>An option value: a scalar or a list of scalars (anything deeper is an error).</summary>
    private bool Value(YamlNode node, string what, out object? value)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                value = scalar.Value;
                return true;
            case YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode):
                value = list.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToArray();
                return true;
            default:
                Error(node, $"{what} must be a value or a list of values");
                value = null;
                return false;
        }
    }

    private string? Text(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { } value })
            return value;
        Error(node, $"{what} must be a single value");
        return null;
    }

    private string OneOf(YamlNode node, string what, string[] allowed)
    {
        string? text = Text(node, what);
        if (text is not null && allowed.Contains(text))
            return text;
        if (text is not null)
            Error(node, $"{what} '{text}' is not one of {string.Join(", ", allowed)}");
        return allowed[0];
    }

    private int? Int(YamlNode node, string what, int min, int max)
    {
        string? text = Text(node, what);
        if (text is not null && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
            return value;
        if (text is not null)
            Error(node, $"{what} must be an integer in {min}..{max}, got '{text}'");
        return null;
    }

    private bool? Bool(YamlNode node, string what)
    {
        string? text = Text(node, what);
        if (text is "true" or "True" or "yes")
            return true;
        if (text is "false" or "False" or "no")
            return false;
        if (text is not null)
            Error(node, $"{what} must be true or false, got '{text}'");
        return null;
    }

    private double? Double(YamlNode node, string what, double min, double max)
    {
        string? text = Text(node, what);
        if (text is not null && NumberRules.TryParse(text, out double value) && NumberRules.Problem(value, min, max) is null)
            return value;
        if (text is not null)
            Error(node, $"{what} must be a number in {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}, got '{text}'");
        return null;
    }

    private T? Missing<T>(YamlNode root, string section) where T : class
    {
        Error(root, $"section '{section}' is missing");
        return null;
    }

    private void Error(YamlNode node, string message) => _errors.Add(new SpecError(_file, At(node).Line, At(node).Column, message));

    private static SpecPosition At(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);
}
