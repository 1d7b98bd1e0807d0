using PeftU.Abstractions.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Tokenization;
using PeftU.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests.Training;

/// <summary>docs/architecture.md §3's requirement on the real tiny T5: users trained together in mixed batches end where each would
/// alone (same order, own schedule and optimizer state, users with fewer examples sitting out later steps); each user
/// keeps its best-validation epoch; only the bank learns.</summary>
public sealed class BankTrainerTests
{
    private static readonly TrainingSettings Settings = new(Epochs: 3, Lr: 1e-2, WeightDecay: 0.01, Batch: 4, WarmupRatio: 0.2, Seed: 7, Dropout: false);

    [Theory]
    [InlineData("lora", "", false)]
    [InlineData("adapter-houlsby", "bottleneck_size=4", false)]
    [InlineData("prompt-tuning", "num_virtual_tokens=3", false)]
    [InlineData("lora", "", true)] // LoRA's own dropout and the backbone's (tiny-flan: dropout_rate 0.1)
    [InlineData("adapter-houlsby", "bottleneck_size=4", true)]
    [InlineData("prompt-tuning", "num_virtual_tokens=3", true)]
    [InlineData("p-tuning", "num_virtual_tokens=2;encoder_hidden_size=8;encoder_num_layers=1", true)]
    [InlineData("prefix-tuning", "num_virtual_tokens=2", true)]
    [InlineData("adapter-pfeiffer", "bottleneck_size=3;adapter_input=residual", true)] // the block-output hook
    public void A_mixed_bank_ends_where_each_user_would_alone(string id, string options, bool dropout)
    {
        using var backbone = TinyFlanFixture.Load();
        var users = Users(backbone.Tokenizer!, trainSizes: [5, 9, 12]);
        var method = TestMethods.Create(id, options);
        var settings = Settings with { Dropout = dropout };

        using var together = method.Attach(backbone.Model.Hooks, users.Count, seed: 3);
        var mixed = BankTrainer.Train(backbone.Model, together, users, settings);
        var mixedRows = together.Tensors.Select(t => t.Bank.detach().clone()).ToList();
        together.Dispose();

        for (int u = 0; u < users.Count; u++)
        {
            using var alone = method.Attach(backbone.Model.Hooks, 1, seed: 3);
            var single = BankTrainer.Train(backbone.Model, alone, [users[u]], settings)[0];
            Assert.Equal(mixed[u].Steps, single.Steps);
            Assert.Equal(mixed[u].BestEpoch, single.BestEpoch);
            for (int e = 0; e < single.ValLosses.Count; e++)
                Assert.Equal(single.ValLosses[e], mixed[u].ValLosses[e], tolerance: 5e-5);  // not rounding: 9.95935 vs 9.95935 rounds apart
            for (int i = 0; i < alone.Tensors.Count; i++)
            {
                double diff = (mixedRows[i][u] - alone.Tensors[i].Bank[0]).abs().max().item<float>();
                Assert.True(diff < 1e-4, $"{alone.Tensors[i].Name} of user {u}: max |mixed − alone| = {diff}");
            }
        }
        Assert.Equal([3 * 2, 3 * 3, 3 * 3], mixed.Select(r => r.Steps));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Padding_every_input_to_a_fixed_width_trains_the_same_as_dynamic_padding(bool dropout)
    {
        using var backbone = TinyFlanFixture.Load();
        var users = Users(backbone.Tokenizer!, trainSizes: [5, 7]);
        Assert.True(users.SelectMany(u => u.Train).Max(e => e.Input.Length) < 48);
        var method = TestMethods.Create("lora", "r=4");
        IReadOnlyList<UserTrainingResult> Train(int padTo)
        {
            using var bank = method.Attach(backbone.Model.Hooks, users.Count, seed: 5);
            return BankTrainer.Train(backbone.Model, bank, users, Settings with { PadTo = padTo, Dropout = dropout });
        }
        var dynamic = Train(0);
        var padded = Train(48);
        for (int u = 0; u < users.Count; u++)
        {
            Assert.Equal(dynamic[u].BestEpoch, padded[u].BestEpoch);
            for (int e = 0; e < dynamic[u].ValLosses.Count; e++)
                Assert.Equal(dynamic[u].ValLosses[e], padded[u].ValLosses[e], tolerance: 5e-5);
        }
    }

    [Fact]
    public void Training_keeps_each_users_best_epoch_moves_only_the_bank_and_learns()
    {
        using var backbone = TinyFlanFixture.Load();
        var model = backbone.Model;
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var users = Users(backbone.Tokenizer!, trainSizes: [8, 12]);
        using var bank = TestMethods.Create("lora", "r=4").Attach(model.Hooks, users.Count, seed: 1);
        var initial = BankTrainer.ValidationLosses(model, users, 64, model.Device);

        var results = BankTrainer.Train(model, bank, users, Settings with { Epochs = 4, Lr = 3e-2 });

        var after = BankTrainer.ValidationLosses(model, users, 64, model.Device);
        for (int u = 0; u < users.Count; u++)
        {
            Assert.Equal(results[u].ValLosses.Min(), after[u], tolerance: 5e-5);
            Assert.Equal(results[u].ValLosses.ToList().IndexOf(results[u].ValLosses.Min()) + 1, results[u].BestEpoch);
            Assert.True(after[u] < initial[u] - 0.1, $"user {u}: validation loss {initial[u]:F3} → {after[u]:F3}");
        }
        foreach (var (name, parameter) in model.named_parameters())
        {
            Assert.False(parameter.requires_grad);
            Assert.Null(parameter.grad);
            Assert.True(parameter.equal(before[name]).all().item<bool>(), $"backbone tensor {name} changed");
        }
        Assert.All(bank.Tensors, t => Assert.False(t.Bank.requires_grad));
    }

    [Fact]
    public void Dropout_changes_training_and_repeats_exactly()
    {
        using var backbone = TinyFlanFixture.Load();
        var users = Users(backbone.Tokenizer!, trainSizes: [6]);
        var method = TestMethods.Create("lora", "r=4");
        Tensor Train(bool dropout)
        {
            using var bank = method.Attach(backbone.Model.Hooks, 1, seed: 2);
            BankTrainer.Train(backbone.Model, bank, users, Settings with { Dropout = dropout, Epochs = 1 });
            return bank.Tensors[1].Bank.detach().clone();
        }
        var on = Train(true);
        Assert.True(on.equal(Train(true)).all().item<bool>(), "two trainings with dropout on differ");
        Assert.False(on.allclose(Train(false), rtol: 0, atol: 1e-6), "dropout on trained exactly as dropout off: no mask was drawn");
    }

    [Fact]
    public void A_diverged_epoch_never_replaces_the_best_one_and_is_reported()
    {
        using var backbone = TinyFlanFixture.Load();
        var users = Users(backbone.Tokenizer!, trainSizes: [8, 8]);
        using var bank = TestMethods.Create("lora", "r=4").Attach(backbone.Model.Hooks, users.Count, seed: 1);
        // From epoch 2 on, user 0's module is poisoned with NaN (as a diverging user's would be); user 1 trains on.
        var poison = new Poison(bank.Tensors[1], user: 0, fromEpoch: 2);
        var results = BankTrainer.Train(backbone.Model, bank, users, Settings, poison);

        Assert.True(double.IsNaN(results[0].ValLosses[1]));
        Assert.Equal(1, results[0].BestEpoch);
        Assert.Equal(2, results[0].DivergedEpoch);
        Assert.Null(results[1].DivergedEpoch);
        Assert.NotEqual(0, results[1].BestEpoch);
        Assert.All(bank.Tensors, t => Assert.True(t.Bank.isfinite().all().item<bool>(), $"{t.Name} kept non-finite values"));
    }

    [Fact]
    public void Cancellation_stops_before_the_next_step()
    {
        using var backbone = TinyFlanFixture.Load();
        var users = Users(backbone.Tokenizer!, trainSizes: [8]);
        using var bank = TestMethods.Create("lora").Attach(backbone.Model.Hooks, 1, seed: 1);
        using var cancel = new CancellationTokenSource();
        var progress = new Stop(cancel);
        Assert.Throws<OperationCanceledException>(() => BankTrainer.Train(backbone.Model, bank, users, Settings, progress, cancel.Token));
        Assert.Equal(1, progress.Reports);
        Assert.False(bank.Tensors[0].Bank.requires_grad);
    }

    /// <summary>Users with their own rule: label = (item + user) mod 2, texts named by item.</summary>
    internal static List<UserExamples> Users(T5Tokenizer tokenizer, IReadOnlyList<int> trainSizes)
    {
        string[] labels = ["positive", "negative"];
        TrainingExample Example(int user, int i) =>
            new(tokenizer.Encode($"Review of item {i % 4}: the {(i % 3 == 0 ? "long " : "")}story was told. Label:"),
                tokenizer.Encode(labels[(i % 4 + user) % 2]));
        return [.. trainSizes.Select((n, u) => new UserExamples($"user{u}",
            [.. Enumerable.Range(0, n).Select(i => Example(u, i))],
            [.. Enumerable.Range(100, 4).Select(i => Example(u, i))]))];
    }

    private sealed class Poison(PeftU.Abstractions.Methods.BankTensor tensor, int user, int fromEpoch) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Epoch < fromEpoch)
                return;
            using var noGrad = no_grad();
            tensor.Bank[user].fill_(TorchScalars.Of(double.NaN));
        }
    }

    private sealed class Stop(CancellationTokenSource cancel) : IProgress<TrainingProgress>
    {
        public int Reports { get; private set; }

        public void Report(TrainingProgress value)
        {
            Reports++;
            cancel.Cancel();
        }
    }
}
