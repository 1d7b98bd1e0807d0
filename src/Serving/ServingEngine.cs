using System.Diagnostics;
using System.Threading.Channels;
using PeftU.Core.Adapters;
using PeftU.Core.Backbone;
using PeftU.Core.Evaluation;
using PeftU.Core.Tokenization;

namespace PeftU.Serving;

/// <summary>Answers predictions of many users with one worker thread that owns the backbone: requests queue up and the
/// worker takes up to <c>maxBatch</c> of them (waiting at most <c>maxWait</c> after the first) into one batch, groups it
/// by cell (a bank's hooks are active for one group at a time, see <see cref="HookRecorder"/>) and runs each group as
/// one mixed batch through <see cref="Evaluator"/> — each row with its user's slot, the same path as <c>peftu run</c>'s
/// evaluation. Module changes are queued too and run between batches, so a request never sees a half-changed bank and is
/// always answered with the module its user has when its batch runs.</summary>
public sealed class ServingEngine : IDisposable
{
    private readonly T5Model _model;
    private readonly T5Tokenizer _tokenizer;
    private readonly Dictionary<(string Task, string Cell), ServedCell> _cells;
    private readonly Channel<WorkItem> _queue = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Thread _worker;
    private readonly int _maxBatch;
    private readonly TimeSpan _maxWait;
    private readonly int _maxRows;
    private int _queued;

    internal ServingEngine(T5Model model, T5Tokenizer tokenizer, IEnumerable<ServedCell> cells, int maxBatch, TimeSpan maxWait, int maxRows, string? defaultMethod = null)
    {
        _model = model;
        _tokenizer = tokenizer;
        _cells = cells.ToDictionary(c => (c.Info.Task, c.Info.Cell));
        _maxBatch = Math.Max(1, maxBatch);
        _maxWait = maxWait;
        _maxRows = maxRows;
        DefaultMethod = defaultMethod;
        Tasks = [.. _cells.Keys.Select(k => k.Task).Distinct().Order(StringComparer.Ordinal)];
        _worker = new Thread(Work) { IsBackground = true, Name = "peftu-serve-worker" };
        _worker.Start();
    }

    public ServeMetrics Metrics { get; } = new();

    public IReadOnlyList<string> Tasks { get; }

    /// <summary>The method a request without one gets (serve's <c>--method</c>).</summary>
    public string? DefaultMethod { get; }

    public int QueueDepth => Volatile.Read(ref _queued);

    public string Backbone { get; init; } = "";

    /// <summary>Disposed with the engine (the backbone a loader made for it).</summary>
    internal IDisposable? Owned { get; init; }

    public string Dtype => _model.Dtype == TorchSharp.torch.ScalarType.BFloat16 ? "bf16" : "fp32";

    public string Device => _model.Device.type.ToString().ToLowerInvariant();

    /// <summary>The cell keys (methods) served for a task, in run order.</summary>
    public IReadOnlyList<string> Methods(string task) => [.. _cells.Keys.Where(k => k.Task == task).Select(k => k.Cell)];

    /// <summary>Checks a request's task and method (400 naming the valid choices); the user is checked when its batch runs.</summary>
    public (string Task, string Method) Route(PredictRequest request)
    {
        string task = request.Task ?? (Tasks.Count == 1 ? Tasks[0]
            : throw ServeException.BadRequest($"task: missing; this server has several tasks: {string.Join(", ", Tasks)}"));
        if (!Tasks.Contains(task))
            throw ServeException.BadRequest($"task: unknown '{task}'; served tasks: {string.Join(", ", Tasks)}");
        var methods = Methods(task);
        string method = request.Method ?? DefaultMethod ?? (methods.Count == 1 ? methods[0]
            : throw ServeException.BadRequest($"method: missing; {task} is served with several methods: {string.Join(", ", methods)}"));
        if (!methods.Contains(method))
            throw ServeException.BadRequest($"method: unknown '{method}' for task {task}; served methods: {string.Join(", ", methods)}");
        return (task, method);
    }

    public Task<PredictAnswer> PredictAsync(PredictRequest request)
    {
        var (task, method) = Route(request);
        var item = new PredictItem(request, _cells[(task, method)]);
        Enqueue(item);
        return item.Done.Task;
    }

    /// <summary>Adds or replaces a user's module from a folder holding <c>adapter_config.json</c> +
    /// <c>adapter_model.safetensors</c>; true when it replaced one. A mis-shaped module is refused (400 naming the
    /// tensors) and the bank keeps what it had.</summary>
    public Task<bool> PutAsync(string task, string method, string user, string folder, ServingUser? prompts = null)
    {
        var cell = Cell(task, method);
        var bank = cell.Bank ?? throw ServeException.BadRequest($"method: {method} is a frozen method of task {task}; it has no modules to upload; " +
                                                              $"trained methods: {string.Join(", ", TrainedMethods(task))}");
        ModuleConfig.Check(folder, cell.Info);
        return Run(() =>
        {
            bool replaced = bank.TryGetSlot(user, out _);
            try
            {
                bank.Put(user, folder);
            }
            catch (BackboneException e)
            {
                string message = e.Message.Replace(folder + Path.DirectorySeparatorChar, "", StringComparison.Ordinal).Replace(folder, "upload", StringComparison.Ordinal);
                throw ServeException.BadRequest($"{AdapterStore.WeightsFile}: {string.Join("; ", message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))}");
            }
            if (prompts is not null)
                cell.SetPrompts(prompts with { User = user });
            else if (!replaced)
                cell.RemovePrompts(user);
            return replaced;
        });
    }

    /// <summary>Removes a user's module; false when the user had none.</summary>
    public Task<bool> RemoveAsync(string task, string method, string user)
    {
        var cell = Cell(task, method);
        var bank = cell.Bank ?? throw ServeException.BadRequest($"method: {method} is a frozen method of task {task}; it has no modules to remove");
        return Run(() =>
        {
            bool removed = bank.Remove(user);
            if (removed)
                cell.RemovePrompts(user);
            return removed;
        });
    }

    /// <summary>Every served cell with its users, as the worker sees them now.</summary>
    public Task<IReadOnlyList<CellListing>> ListAsync() => Run<IReadOnlyList<CellListing>>(() =>
        [.. _cells.Values.Select(c => new CellListing(c.Info.Task, c.Info.Cell, c.Info.Method, c.Info.Mode, c.Info.Shots, c.AnswersAnyUser,
            c.Bank?.Capacity ?? 0, c.Bank?.ParametersPerUser ?? 0, c.Bank?.BytesPerUser ?? 0, [.. c.Users.Order(StringComparer.Ordinal)]))]);

    public int UsersLoaded => _cells.Values.Sum(c => c.Bank?.Users.Count ?? 0);

    private IEnumerable<string> TrainedMethods(string task) => _cells.Values.Where(c => c.Info.Task == task && c.Bank is not null).Select(c => c.Info.Cell);

    private ServedCell Cell(string task, string method)
    {
        var (t, m) = Route(new PredictRequest("", "", task, method));
        return _cells[(t, m)];
    }

    private Task<T> Run<T>(Func<T> action)
    {
        var item = new CommandItem<T>(action);
        Enqueue(item);
        return item.Done.Task;
    }

    private void Enqueue(WorkItem item)
    {
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _queued);
            throw new ServeException(503, "the server is shutting down");
        }
    }

    private bool TryTake(out WorkItem item)
    {
        if (_queue.Reader.TryRead(out item!))
        {
            Interlocked.Decrement(ref _queued);
            return true;
        }
        return false;
    }

    private void Work()
    {
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            if (!TryTake(out var first))
                continue;
            if (first is not PredictItem head)
            {
                first.Execute();
                continue;
            }
            var batch = new List<PredictItem> { head };
            WorkItem? command = null;
            var clock = Stopwatch.StartNew();
            while (batch.Count < _maxBatch)
            {
                if (TryTake(out var next))
                {
                    if (next is PredictItem p)
                    {
                        batch.Add(p);
                        continue;
                    }
                    command = next; // runs after the requests that came before it
                    break;
                }
                var left = _maxWait - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                    break;
                var more = _queue.Reader.WaitToReadAsync().AsTask();
                if (!more.Wait(left) || !more.Result)
                    break;
            }
            Process(batch);
            command?.Execute();
        }
    }

    private void Process(List<PredictItem> batch)
    {
        var rows = new List<Row>();
        foreach (var item in batch)
        {
            try
            {
                rows.Add(Resolve(item));
            }
            catch (Exception e)
            {
                item.Done.TrySetException(e);
            }
        }
        foreach (var group in rows.GroupBy(r => r.Group))
        {
            var members = group.ToList();
            try
            {
                Answer(members);
            }
            catch (Exception e)
            {
                foreach (var row in members)
                    row.Item.Done.TrySetException(new ServeException(500, $"internal error ({e.GetType().Name}: {e.Message.Split('\n')[0]})"));
            }
        }
    }

    /// <summary>The row a request becomes now: its cell's bank slot and prompt, or the frozen backbone's bare query.</summary>
    private Row Resolve(PredictItem item)
    {
        var cell = item.Cell;
        var request = item.Request;
        if (cell.Bank is { } bank)
        {
            if (bank.TryGetSlot(request.User, out int slot))
                return new Row(item, new GroupKey(cell, true), slot, cell.Prompt(request.User, request.Text), request.User, null);
        }
        else if (cell.AnswersAnyUser || cell.Knows(request.User))
        {
            return new Row(item, new GroupKey(cell, false), 0, cell.Prompt(request.User, request.Text), PredictAnswer.BaseModule, null);
        }
        if (!request.Fallback)
        {
            throw ServeException.NotFound($"user '{request.User}' has no {cell.Info.Cell} module for task {cell.Info.Task} " +
                $"(GET /v1/users lists the {cell.Users.Count()} served users); send \"fallback\": true for the frozen backbone's answer");
        }
        return new Row(item, new GroupKey(cell, false), 0, cell.BasePrompt(request.Text), PredictAnswer.BaseModule,
            $"no {cell.Info.Cell} module for user '{request.User}': answered by the frozen backbone with the bare query (zero-shot)");
    }

    private void Answer(List<Row> rows)
    {
        var key = rows[0].Group;
        var info = key.Cell.Info;
        var evaluator = new Evaluator(_model, _tokenizer, info.MaxInputTokens, _maxRows, info.PadTo);
        var inputs = rows.Select(r => (r.Slot, r.Prompt)).ToList();
        IReadOnlyList<TestPrediction> answers;
        using (key.WithModules ? key.Cell.Bank!.Recorder.Activate() : null)
        {
            answers = info.Mode == "generate"
                ? evaluator.Generate(inputs, info.MaxNewTokens, key.Cell.Task.ParseGenerated)
                : evaluator.Score(inputs, info.Labels);
        }
        Metrics.Pass(rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            int tokens = evaluator.EncodeInput(row.Prompt, out bool cut).Length;
            var scores = answers[i].Scores is { } s ? info.Labels.Select((l, j) => (l, s[j])).ToDictionary(p => p.l, p => p.Item2) : null;
            row.Item.Done.TrySetResult(new PredictAnswer(row.Item.Request.User, info.Task, info.Cell, row.Module, answers[i].Labels, scores,
                answers[i].Generated, tokens, cut, row.Note is not null, row.Note));
        }
    }

    /// <summary>Stops taking work, answers everything already queued, then returns.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _worker.Join();
        foreach (var cell in _cells.Values)
            cell.Dispose();
        Owned?.Dispose();
    }

    private readonly record struct GroupKey(ServedCell Cell, bool WithModules);

    private sealed record Row(PredictItem Item, GroupKey Group, int Slot, string Prompt, string Module, string? Note);

    private abstract class WorkItem
    {
        public abstract void Execute();
    }

    private sealed class PredictItem(PredictRequest request, ServedCell cell) : WorkItem
    {
        public PredictRequest Request => request;
        public ServedCell Cell => cell;
        public TaskCompletionSource<PredictAnswer> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override void Execute() => throw new InvalidOperationException("predictions run in batches");
    }

    private sealed class CommandItem<T>(Func<T> action) : WorkItem
    {
        public TaskCompletionSource<T> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Execute()
        {
            try
            {
                Done.TrySetResult(action());
            }
            catch (Exception e)
            {
                Done.TrySetException(e);
            }
        }
    }
}

/// <summary>One served cell in <c>GET /v1/users</c>.</summary>
public sealed record CellListing(string Task, string Method, string MethodId, string Mode, int Shots, bool AnswersAnyUser,
    int Capacity, long ParametersPerUser, long BytesPerUser, IReadOnlyList<string> Users);
