using PeftU.Abstractions;
using PeftU.Abstractions.Tasks;
using PeftU.Core.Backbone;
using PeftU.Core.Budget;

namespace PeftU.Core.Experiments;

/// <summary>Resolves a spec against the discovered plugins and the backbone config: unknown ids (with the nearest valid
/// one), option errors (at the option's line), data problems, and budgets that cannot be met — all collected, each at its
/// file:line:column, before anything is trained or written.</summary>
public static class ExperimentPlanner
{
    /// <summary>Plans <paramref name="spec"/>; <paramref name="create"/> makes a plugin by kind and id (null when no plugin has
    /// that id), <paramref name="ids"/> lists a kind's valid ids for "did you mean" and the choices, and
    /// <paramref name="earlier"/> carries the file's structural problems so one error lists everything, in file order.</summary>
    public static ExperimentPlan Plan(ExperimentSpec spec, Func<PluginKind, string, IPeftPlugin?> create, Func<PluginKind, IReadOnlyList<string>> ids,
        IEnumerable<SpecError>? earlier = null)
    {
        var errors = new List<SpecError>(earlier ?? []);
        void Error(SpecPosition at, string message) => errors.Add(new SpecError(spec.File, at.Line, at.Column, message));

        T5Config? config = null;
        try
        {
            string folder = ExperimentPaths.ResolveBackbone(spec, spec.Backbone.Path);
            config = T5Config.Load(Path.Combine(folder, "config.json"));
            if (Tokenization.T5Tokenizer.IsIn(folder) && Checkpoints.TokenizerFit.Problem(Tokenization.T5Tokenizer.FromFolder(folder), config, folder) is { } misfit)
                throw new BackboneException(misfit);
            if (Checkpoints.ModelSize.Problem(config, folder) is { } tooLarge)
                throw new BackboneException(tooLarge);
        }
        catch (BackboneException e)
        {
            string bundled = spec.Backbone.Path.StartsWith(ExperimentPaths.BundledPrefix, StringComparison.Ordinal)
                ? $" (bundled backbones: {string.Join(", ", ExperimentPaths.BundledIds)})"
                : "";
            Error(spec.Backbone.Position, "backbone: " + e.Message + bundled);
        }
        var dims = config?.ToDims();

        // A task id names its records/<task>/ folder, so a second entry would collide with the first one's cells (a method
        // may repeat: its cells are keyed lora, lora-2, …).
        DuplicateIds(spec.Tasks, "task");

        var tasks = new List<PlannedTask>();
        foreach (var entry in spec.Tasks)
        {
            if (Resolve<IPeftTask>(entry, PluginKind.Task) is not { } task)
                continue;
            try
            {
                var data = task.Load(entry.Data is null ? null : ExperimentPaths.Resolve(spec, entry.Data));
                if (DatasetChecks.Problem(data) is { } problem)
                    Error(entry.Position, $"task '{entry.Id}': {problem}");
                else
                    tasks.Add(new PlannedTask(task, data));
            }
            catch (Exception e) when (e is DataFormatException or TaskDataException)
            {
                Error(entry.Position, $"task '{entry.Id}': {e.Message}");
            }
        }

        var methods = new List<PlannedMethod>();
        foreach (var entry in spec.Methods)
        {
            if (Resolve<IPeftMethod>(entry, PluginKind.Method) is not { } method || dims is null)
                continue;
            BudgetChoice? choice = null;
            if (spec.Budget is { } budget)
            {
                if (budget.Mode == "check")
                {
                    choice = new BudgetChoice(method.Descriptor.Id, null, null, method.TrainableParameters(dims), budget.Params, budget.Tolerance, null, null);
                    if (!choice.WithinTolerance)
                    {
                        Error(entry.Position, $"method '{entry.Id}' has {choice.Count:N0} trainable parameters, {choice.Deviation:+0.00%;-0.00%} from the " +
                                              $"budget {budget.Params:N0} (tolerance ±{budget.Tolerance:P2}); budget mode 'check' does not change options");
                        continue;
                    }
                }
                else
                {
                    choice = BudgetSolver.Solve(method, dims, budget.Params, budget.Tolerance);
                    if (!choice.WithinTolerance)
                    {
                        Error(entry.Position, BudgetSolver.Describe(choice));
                        continue;
                    }
                    if (choice.Knob is not null)
                        method.Configure(new Dictionary<string, object?> { [choice.Knob] = (int)choice.Value!.Value });
                }
            }
            long trainable = method.TrainableParameters(dims);
            if (trainable == 0 && method is not Abstractions.Methods.FrozenModelMethod)
            {
                // E.g. LoRA with target_modules: [] — it would "train" nothing and report the frozen model as its result.
                Error(entry.Position, $"method '{entry.Id}' has no trainable parameters with these options (an empty list such as target_modules?); " +
                                      "use zero-shot for the frozen model");
                continue;
            }
            methods.Add(new PlannedMethod(method, trainable, choice, entry.Training ?? spec.Training, entry.Evaluation ?? spec.Evaluation));
        }

        if (errors.Count > 0)
            throw new ExperimentSpecException([.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
        return new ExperimentPlan(spec, dims!, tasks, methods);

        void DuplicateIds(IReadOnlyList<PluginSpec> entries, string kind)
        {
            var first = new Dictionary<string, SpecPosition>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (!first.TryAdd(entry.Id, entry.Position))
                    Error(entry.Position, $"{kind} '{entry.Id}' is listed twice (first at {first[entry.Id].Line}:{first[entry.Id].Column}); each {kind} may appear once");
            }
        }

        T? Resolve<T>(PluginSpec entry, PluginKind kind) where T : class, IPeftPlugin
        {
            if (create(kind, entry.Id) is not T plugin)
            {
                var valid = ids(kind);
                var near = NameSuggester.Nearest(entry.Id, valid);
                Error(entry.Position, $"unknown {kind.ToString().ToLowerInvariant()} '{entry.Id}'" +
                                      (near.Count > 0 ? $"; did you mean '{near[0]}'?" : "") + $" (valid: {string.Join(", ", valid)})");
                return null;
            }
            try
            {
                plugin.Configure(entry.Options);
                if (plugin is Abstractions.Methods.IChecksOptions checks && checks.OptionProblems() is { Count: > 0 } problems)
                    throw new PluginOptionException(entry.Id, problems);
            }
            catch (PluginOptionException e)
            {
                // At the option named, or at the entry when the file does not write that option.
                foreach (var option in e.Errors)
                    Error(entry.OptionPositions.GetValueOrDefault(option.Option, entry.Position), $"{entry.Id}.{option.Option}: {option.Message}");
                return null;
            }
            return plugin;
        }
    }
}
