using System.Diagnostics;
using System.Globalization;
using PeftU.Abstractions;
using PeftU.Abstractions.Methods;
using PeftU.Abstractions.Tasks;
using PeftU.Core.Adapters;
using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Evaluation;
using PeftU.Core.Results;
using PeftU.Core.Sharding;
using PeftU.Core.Tokenization;
using PeftU.Core.Training;
using PeftU.Data.Evaluation;

namespace PeftU.Core.Experiments;

/// <summary>Runs a plan (docs/architecture.md §2): for every task × method cell, the users are split into banks of bank_size users;
/// each bank with a user not yet finished gets a fresh module per user, is trained by <see cref="BankTrainer"/> (frozen methods skip
/// training), evaluated on test and written as one record per user. Records are the only state: a run stopped at any
/// point resumes from them and ends with the same results.</summary>
/// <remarks>A shard (<paramref name="units"/> given) runs only its own banks; the other shards write theirs into the same
/// folder (docs/architecture.md §5).</remarks>
public sealed class ExperimentRunner(ExperimentPlan plan, LoadedBackbone backbone, ResultStore store, IRunObserver observer, bool saveAdapters = false,
    IReadOnlyCollection<WorkUnit>? units = null)
{
    private readonly HashSet<string>? _units = units?.Select(u => u.Name).ToHashSet(StringComparer.Ordinal);

    private readonly T5Tokenizer _tokenizer = backbone.Tokenizer ?? throw new ArgumentException("the backbone needs its tokenizer to run experiments.");

    private Evaluator EvaluatorFor(EvaluationSpec evaluation) =>
        new(backbone.Model, _tokenizer, maxInputTokens: plan.Spec.PromptSettings.MaxInputTokens, maxRows: RowsPerPass(backbone.Config), padTo: evaluation.PadTo);

    /// <summary>The run folder's cache of content hashes (see <see cref="ContentHashes"/>).</summary>
    public const string ContentHashFile = "content-hashes.json";

    /// <summary>Rows in one forward pass: 64 on flan-t5-base (d_model 768), more on narrower models whose activations
    /// are smaller (a tiny model gains ~15% per row from 256-row passes), at most 256 so the vocabulary-wide logits of a
    /// pass stay near 100 MB. Passes never change results: a step spread over several passes sums the same gradients.</summary>
    public static int RowsPerPass(T5Config config) => Math.Clamp(64 * 768 / config.DModel, 16, 256);

    /// <summary>The cells with their folder keys, signatures, labels and users: written to the manifest before training.</summary>
    public RunManifest Manifest()
    {
        var hashes = new ContentHashes(Path.Combine(store.Folder, ContentHashFile));
        var cells = new List<ManifestCell>();
        foreach (var task in plan.Tasks)
        {
            var users = task.Dataset.UsersInRunOrder().Select(u => u.UserId).ToList();
            foreach (var (method, key) in CellKeys.Of(plan.Methods))
            {
                cells.Add(new ManifestCell(task.Plugin.Descriptor.Id, key, method.Plugin.Descriptor.Id,
                    EffectiveOptions.Of(method.Plugin, plan.Dims), method.TrainableParameters, MethodChecks.PeftConventionCount(method.Plugin, plan.Dims),
                    Signature(task, method, hashes), task.Plugin.Definition.Labels, users));
            }
        }
        hashes.Save();
        return new RunManifest(Path.GetFileName(plan.Spec.File), backbone.Folder, backbone.Dtype.Name, T5ParameterCount.Count(backbone.Config), cells,
            backbone.Dtype.Reason);
    }

    /// <summary>Writes the manifest and runs every cell (a shard: its own banks).</summary>
    public void Run(CancellationToken cancel = default)
    {
        var manifest = Manifest();
        store.WriteManifest(manifest);
        Run(manifest, cancel);
    }

    /// <summary>Runs every cell under a manifest already written (a shard publishes it first, see
    /// <see cref="ResultStore.PublishManifest"/>).</summary>
    public void Run(RunManifest manifest, CancellationToken cancel = default)
    {
        var keys = CellKeys.Of(plan.Methods).ToList();
        foreach (var task in plan.Tasks)
        {
            foreach (var (method, key) in keys)
            {
                var cell = manifest.Cells.Single(c => c.Task == task.Plugin.Descriptor.Id && c.Cell == key);
                RunCell(task, method, cell, cancel);
            }
        }
    }

    private void RunCell(PlannedTask task, PlannedMethod method, ManifestCell cell, CancellationToken cancel)
    {
        var users = task.Dataset.UsersInRunOrder();
        var finished = new Dictionary<string, UserRecord>(store.Finished(cell.Task, cell.Cell, cell.Signature));
        observer.CellStarted(cell.Task, cell.Cell, users.Count, finished.Count);
        // Banks are cut from all users, not only the unfinished ones, so a resumed run trains every bank with the same
        // members as an uninterrupted run; a partly recorded bank is retrained whole and only its missing users are
        // written. (Dropout draws are per user, so any bank would give the same results up to the float rounding of
        // batched matmuls; the same members make them bit-identical.)
        var banks = users.Chunk(method.Training.BankSize)
            .Where((b, i) => _units is null || _units.Contains(WorkUnit.NameOf(cell.Task, cell.Cell, i)))
            .Where(b => b.Any(u => !finished.ContainsKey(u.UserId))).ToList();
        for (int b = 0; b < banks.Count; b++)
        {
            cancel.ThrowIfCancellationRequested();
            observer.BankStarted(b + 1, banks.Count, banks[b].Length);
            foreach (var record in RunBank(task, method, cell, banks[b], cancel).Where(r => !finished.ContainsKey(r.UserId)))
            {
                store.Write(record);
                finished[record.UserId] = record;
                if (record.DivergedEpoch is { } epoch)
                    observer.UserDiverged(record.UserId, epoch);
            }
            observer.UsersDone(finished.Count, users.Count);
        }
        // A shard sees its own users and whatever other shards have recorded so far.
        var predictions = users.Where(u => finished.ContainsKey(u.UserId)).SelectMany(u => finished[u.UserId].Predictions.Select(p =>
            new Prediction(u.UserId, p.SampleId, p.Predicted, p.True, p.Correct))).ToList();
        double accuracy = predictions.Count == 0 ? double.NaN : Metrics.Compute(predictions, cell.Labels).MeanUserAccuracy;
        observer.CellDone(cell.Task, cell.Cell, accuracy, finished.Values.Sum(r => r.Seconds));
    }

    private IReadOnlyList<UserRecord> RunBank(PlannedTask task, PlannedMethod method, ManifestCell cell, IReadOnlyList<UserData> users, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var model = backbone.Model;
        using var bank = method.Plugin.Attach(model.Hooks, users.Count, method.Training.Seed);
        MethodChecks.VerifyCount(method.Plugin, bank, plan.Dims);
        var promptSettings = plan.Spec.PromptSettings;
        var evaluator = EvaluatorFor(method.Evaluation);
        int shots = ExperimentPrompts.Shots(method.Plugin, promptSettings);
        List<(PromptedSample Sample, string Prompt)> Prompts(UserData u, SplitName split) =>
            ExperimentPrompts.Build(task.Plugin, u, split, shots, promptSettings.Faithful);
        var prompts = users.Select(u => (Train: Prompts(u, SplitName.Train), Val: Prompts(u, SplitName.Val), Test: Prompts(u, SplitName.Test))).ToList();

        IReadOnlyList<UserTrainingResult>? training = null;
        List<UserExamples>? examples = null;
        if (bank.Tensors.Count > 0)
        {
            examples = users.Select((u, i) => new UserExamples(u.UserId,
                [.. prompts[i].Train.Select(p => Example(evaluator, p.Prompt, p.Sample))],
                [.. prompts[i].Val.Select(p => Example(evaluator, p.Prompt, p.Sample))])).ToList();
            var t = method.Training;
            var settings = new TrainingSettings(t.Epochs, t.Lr, t.WeightDecay, t.Batch, t.WarmupRatio, t.Seed, t.Dropout,
                MaxGradNorm: t.MaxGradNorm, MaxRows: RowsPerPass(backbone.Config), PadTo: t.PadTo, WarmupFloor: t.WarmupRounding == "floor",
                DecayBias: t.DecayBias, ValLoss: t.ValLoss switch { "batch_mean" => ValLoss.BatchMean, "batch_mean_by_size" => ValLoss.BatchMeanBySize, _ => ValLoss.TokenMean });
            training = BankTrainer.Train(model, bank, examples, settings, new Progress(observer), cancel);
        }

        var testRows = prompts.SelectMany((p, i) => p.Test.Select(s => (User: i, s.Prompt))).ToList();
        var answers = method.Evaluation.Mode == "generate"
            ? evaluator.Generate(testRows, method.Evaluation.MaxNewTokens, task.Plugin.ParseGenerated)
            : evaluator.Score(testRows, task.Plugin.Definition.Labels);
        if (saveAdapters)
            SaveForServing(task, method, cell, bank, users, shots);

        double seconds = clock.Elapsed.TotalSeconds / users.Count;
        var records = new List<UserRecord>();
        int row = 0;
        for (int i = 0; i < users.Count; i++)
        {
            var predictions = new List<PredictionRecord>();
            foreach (var (sample, _) in prompts[i].Test)
            {
                var answer = answers[row++];
                var outcome = Prediction.From(users[i].UserId, sample.SampleId, answer.Labels, sample.Labels);
                predictions.Add(new PredictionRecord(sample.SampleId, outcome.Predicted, outcome.True, outcome.Correct, answer.Generated));
            }
            var trained = training?[i];
            // Training examples know whether they were cut; test prompts are encoded inside the evaluator.
            int cut = prompts[i].Test.Count(p => { evaluator.EncodeInput(p.Prompt, out bool c); return c; }) +
                      (examples?[i] is { } e ? e.Train.Concat(e.Val).Count(x => x.InputCut) : 0);
            records.Add(new UserRecord(cell.Task, cell.Cell, cell.Signature, users[i].UserId, prompts[i].Train.Count, prompts[i].Val.Count,
                trained?.ValLosses ?? [], trained?.BestEpoch ?? 0, trained?.Steps ?? 0, seconds, predictions, trained?.DivergedEpoch, cut));
        }
        return records;
    }

    /// <summary>The bank's modules (trained methods) and what <c>peftu serve</c> needs to build each user's prompts and
    /// answer as this evaluation did (<see cref="ServingFiles"/>), frozen methods included.</summary>
    private void SaveForServing(PlannedTask task, PlannedMethod method, ManifestCell cell, IMethodBank bank, IReadOnlyList<UserData> users, int shots)
    {
        string folder = Path.Combine(store.Folder, "adapters", cell.Task, cell.Cell);
        if (bank.Tensors.Count > 0)
            AdapterStore.SaveBank(folder, method.Plugin, bank, [.. users.Select(u => u.UserId)], backbone.Folder, backbone.Model.Hooks.Dims);
        foreach (var user in users)
        {
            string userFolder = Path.Combine(folder, AdapterStore.UserFolder(user.UserId));
            Directory.CreateDirectory(userFolder);
            ServingFiles.WriteUser(userFolder, ServingUser.Of(user, shots));
        }
        var e = method.Evaluation;
        var p = plan.Spec.PromptSettings;
        ServingFiles.WriteCell(folder, new ServingCell(cell.Task, task.Plugin.GetOptionValues(), cell.Cell, cell.Method, cell.Options, cell.Labels,
            bank.Tensors.Count > 0, e.Mode, e.MaxNewTokens, e.PadTo, shots, p.MaxInputTokens, p.Faithful));
    }

    private TrainingExample Example(Evaluator evaluator, string prompt, PromptedSample sample) =>
        new(evaluator.EncodeInput(prompt, out bool cut), _tokenizer.Encode(sample.Target), cut);

    /// <summary>Everything a user's result depends on, as canonical text, hashed.</summary>
    private string Signature(PlannedTask task, PlannedMethod method, ContentHashes hashes)
    {
        static string Options(IPeftPlugin plugin) =>
            string.Join(";", plugin.GetOptionValues().OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        var spec = plan.Spec;
        var t = method.Training;
        // Contents, not paths: a checkpoint or data file replaced at the same path must not reuse the old records.
        string? data = spec.Tasks.FirstOrDefault(t => t.Id == task.Plugin.Descriptor.Id)?.Data;
        string dataHash = data is null ? "" : hashes.Of(ExperimentPaths.Resolve(spec, data));
        return ResultStore.Sign(string.Join("\n",
            $"backbone={hashes.Of(backbone.Folder)};dtype={backbone.Dtype.Name}",
            $"task={task.Plugin.Descriptor.Id};{Options(task.Plugin)};data={dataHash}",
            $"method={method.Plugin.Descriptor.Id};{Options(method.Plugin)}",
            "training=" + string.Join(";", t.Values.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Value}"))),
            $"evaluation={method.Evaluation.Mode};{method.Evaluation.MaxNewTokens};{method.Evaluation.PadTo}",
            $"prompts={ExperimentPrompts.Shots(method.Plugin, spec.PromptSettings)};{spec.PromptSettings.MaxInputTokens};{spec.PromptSettings.Faithful}"));
    }

    private sealed class Progress(IRunObserver observer) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => observer.Step(value);
    }
}
