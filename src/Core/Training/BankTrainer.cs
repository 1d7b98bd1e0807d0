using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using PeftU.Core.Backbone;
using PeftU.Core.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Training;

/// <summary>Trains a bank of users on a frozen backbone (docs/architecture.md §3). Step k of an epoch takes batch k of every user
/// that still has one — the batch that user would get alone — into one forward pass; the loss is the sum over users of
/// each user's token-mean loss, so a user's gradient is the one it would get alone. <see cref="BankAdamW"/> keeps each
/// user's optimizer state; each user has its own linear warm-up schedule over its own step count. After every epoch the
/// users' validation losses are measured and each user's best epoch is kept; at the end every user's best rows are
/// restored. Bank size 1 is the original's sequential procedure. Dropout draws are keyed per row by (seed, user,
/// epoch, step, row of the user's batch) (<see cref="RowRandom"/>), so with dropout on too a user trains the same in
/// any bank. A user whose validation loss turns NaN or infinite has diverged: that epoch never counts as best (the
/// best finite epoch, or the initial module, is kept) and the result says when it happened.</summary>
public static class BankTrainer
{
    public static IReadOnlyList<UserTrainingResult> Train(T5Model model, IMethodBank bank, IReadOnlyList<UserExamples> users,
        TrainingSettings settings, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        if (users.Count != bank.Users)
            throw new ArgumentException($"the bank holds {bank.Users} users but {users.Count} were given.", nameof(users));
        var device = model.Device;
        var schedules = users.Select(u => LinearWarmupSchedule.For(
            settings.Epochs * Batches(u.Train.Count, settings.Batch), settings.WarmupRatio, settings.WarmupFloor)).ToArray();
        var valLosses = users.Select(_ => new List<double>()).ToArray();
        var bestLoss = users.Select(_ => double.PositiveInfinity).ToArray();
        var bestEpoch = new int[users.Count];
        var diverged = new int?[users.Count];
        foreach (var tensor in bank.Tensors)
            tensor.Bank.requires_grad = true;
        using var optimizer = new BankAdamW(bank.Tensors, users.Count, settings.WeightDecay, settings.MaxGradNorm, settings.DecayBias);
        using var best = new BestRows(bank.Tensors);
        try
        {
            for (int epoch = 1; epoch <= settings.Epochs; epoch++)
            {
                var orders = users.Select(u => EpochOrder.For(settings.Seed, u.UserId, epoch, u.Train.Count)).ToArray();
                var epochKeys = users.Select(u => EpochOrder.Mix(settings.Seed, u.UserId, epoch)).ToArray();
                int steps = users.Max(u => Batches(u.Train.Count, settings.Batch));
                model.train(settings.Dropout);
                for (int step = 0; step < steps; step++)
                {
                    cancel.ThrowIfCancellationRequested();
                    var rows = new List<TrainingRow>();
                    var rates = new double?[users.Count];
                    for (int u = 0; u < users.Count; u++)
                    {
                        var batch = orders[u].Skip(step * settings.Batch).Take(settings.Batch).ToList();
                        if (batch.Count == 0)
                            continue;
                        rows.AddRange(batch.Select((i, r) => new TrainingRow(u, users[u].Train[i], RowRandom.Key(epochKeys[u], step, r))));
                        rates[u] = settings.Lr * schedules[u].Factor(optimizer.Steps[u]);
                    }
                    double loss = Backward(model, rows, users.Count, settings.MaxRows, device, settings.PadTo);
                    optimizer.Step(rates);
                    progress?.Report(new TrainingProgress(epoch, settings.Epochs, step + 1, steps, loss));
                }
                model.eval();
                var losses = ValidationLosses(model, users, settings.MaxRows, device, settings.PadTo, settings.ValLoss, settings.Batch);
                var improved = new bool[users.Count];
                for (int u = 0; u < users.Count; u++)
                {
                    valLosses[u].Add(losses[u]);
                    // Decided by the count, not the value: NaN from a diverged user must not pass for "no examples".
                    if (users[u].Val.Count == 0)
                        improved[u] = true; // nothing to choose by: keep the last epoch (best epoch 0)
                    else if (!double.IsFinite(losses[u]))
                        diverged[u] ??= epoch;
                    else if (losses[u] < bestLoss[u])
                    {
                        improved[u] = true;
                        bestLoss[u] = losses[u];
                        bestEpoch[u] = epoch;
                    }
                }
                best.Keep(improved);
            }
            best.Restore();
        }
        finally
        {
            model.eval();
            foreach (var tensor in bank.Tensors)
            {
                tensor.Bank.requires_grad = false;
                tensor.Bank.grad?.zero_();
            }
        }
        return [.. users.Select((u, i) => new UserTrainingResult(u.UserId, valLosses[i], bestEpoch[i], optimizer.Steps[i], diverged[i]))];
    }

    /// <summary>Validation loss per user (NaN for a user without validation examples): by default the mean token
    /// negative log-likelihood over all of the user's validation targets; with <see cref="ValLoss.BatchMean"/> the mean
    /// over the user's validation batches (of <paramref name="batch"/> examples, in split order) of each batch's token
    /// mean, as the original's peft path; with <see cref="ValLoss.BatchMeanBySize"/> that mean weighted by batch size,
    /// as HF Trainer's evaluation loop.</summary>
    public static double[] ValidationLosses(T5Model model, IReadOnlyList<UserExamples> users, int maxRows, Device device, int padTo = 0,
        ValLoss mode = ValLoss.TokenMean, int batch = 8)
    {
        using var noGrad = no_grad();
        var rows = users.SelectMany((u, i) => u.Val.Select(e => new TrainingRow(i, e, 0))).ToList();
        var nll = new double[rows.Count];
        var tokens = new double[rows.Count];
        int done = 0;
        foreach (var chunk in rows.Chunk(Math.Max(1, maxRows)))
        {
            using var scope = NewDisposeScope();
            var (rowNll, rowTokens) = RowTokenLosses(model, chunk, device, padTo);
            rowNll.to(ScalarType.Float64).cpu().data<double>().CopyTo(nll, done);
            rowTokens.to(ScalarType.Float64).cpu().data<double>().CopyTo(tokens, done);
            done += chunk.Length;
        }
        var result = new double[users.Count];
        int first = 0;
        for (int u = 0; u < users.Count; u++)
        {
            int n = users[u].Val.Count;
            var batches = Enumerable.Range(0, Batches(n, Math.Max(1, batch)))
                .Select(b => Enumerable.Range(first + b * batch, Math.Min(batch, n - b * batch)).ToArray()).ToList();
            double Mean(int[] idx) => idx.Sum(i => nll[i]) / idx.Sum(i => tokens[i]);
            result[u] = n == 0 ? double.NaN : mode switch
            {
                ValLoss.BatchMean => batches.Average(Mean),
                ValLoss.BatchMeanBySize => batches.Sum(b => b.Length * Mean(b)) / n,
                _ => Mean([.. Enumerable.Range(first, n)]),
            };
            first += n;
        }
        return result;
    }

    /// <summary>Backpropagates Σ_users (user's token-mean loss) over <paramref name="rows"/>, in passes of at most
    /// <paramref name="maxRows"/> rows that never split a user (its mean needs all its tokens); returns the mean loss
    /// over the users present.</summary>
    private static double Backward(T5Model model, IReadOnlyList<TrainingRow> rows, int users, int maxRows, Device device, int padTo)
    {
        double total = 0;
        int present = 0;
        foreach (var pass in Passes(rows, maxRows))
        {
            using var scope = NewDisposeScope();
            var (sum, count) = UserTokenLosses(model, pass, users, device, padTo);
            var has = count.gt(TorchScalars.Of(0));
            var perUser = sum / count.clamp_min(TorchScalars.Of(1)); // a user without rows here has sum 0
            var loss = perUser.sum();
            loss.backward();
            total += loss.item<float>();
            present += (int)has.sum().item<long>();
        }
        return present == 0 ? 0 : total / present;
    }

    private static IEnumerable<List<TrainingRow>> Passes(IReadOnlyList<TrainingRow> rows, int maxRows)
    {
        var pass = new List<TrainingRow>();
        foreach (var group in rows.GroupBy(r => r.User))
        {
            var userRows = group.ToList();
            if (pass.Count > 0 && pass.Count + userRows.Count > maxRows)
            {
                yield return pass;
                pass = [];
            }
            pass.AddRange(userRows);
        }
        if (pass.Count > 0)
            yield return pass;
    }

    /// <summary>Per user (length <paramref name="users"/>): summed target-token NLL and target-token count over the rows.</summary>
    private static (Tensor Sum, Tensor Count) UserTokenLosses(T5Model model, IReadOnlyList<TrainingRow> rows, int users, Device device,
        int padTo)
    {
        var (nll, tokens) = RowTokenLosses(model, rows, device, padTo);
        var userIndex = tensor(rows.Select(r => (long)r.User).ToArray(), device: device);
        var sum = zeros(users, dtype: ScalarType.Float32, device: device).scatter_add(0, userIndex, nll);  // not index_add: no meta kernel for its backward
        var count = zeros(users, dtype: ScalarType.Float32, device: device).scatter_add(0, userIndex, tokens);
        return (sum, count);
    }

    /// <summary>Per row: summed target-token NLL and target-token count.</summary>
    private static (Tensor Nll, Tensor Tokens) RowTokenLosses(T5Model model, IReadOnlyList<TrainingRow> rows, Device device, int padTo)
    {
        var (inputIds, mask) = Tokenization.T5Tokenizer.Pad([.. rows.Select(r => r.Example.Input)], device, padTo);
        var targets = new TargetTokens([.. rows.Select(r => r.Example.Target)], model.Config.DecoderStartTokenId, device);
        var userIndex = tensor(rows.Select(r => (long)r.User).ToArray(), device: device);
        var rowKeys = tensor(rows.Select(r => r.Key).ToArray(), device: device);
        var hidden = model.ForwardHidden(inputIds, mask, targets.DecoderInput, userIndex, rowKeys);
        return (-targets.RowLogProbs(model, hidden), targets.Counts());
    }

    private static int Batches(int examples, int batch) => (examples + batch - 1) / batch;

    /// <summary>One row of a pass: its user's index in the bank, the example, and the key of its random draws.</summary>
    private sealed record TrainingRow(int User, TrainingExample Example, long Key);
}
