using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using PeftU.Core;
using PeftU.Core.Adapters;
using PeftU.Core.Backbone;
using PeftU.Core.Inference;
using PeftU.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests;

/// <summary>Device placement without a GPU: the backbone on libtorch's <c>meta</c> device (shapes, no values), every
/// method attached to it, a training step (forward with dropout, backward, the per-user AdamW step, best-row
/// bookkeeping), a saved module loaded into the bank, and the evaluation forwards (label scoring's device half, cached
/// greedy decoding steps). Any tensor a method or the framework left on the CPU makes torch refuse the mixed-device op,
/// as CUDA would. Not covered, because meta tensors hold no values: the host transfers that read results (a score
/// matrix, a step's loss, generation's stop check).</summary>
public sealed class DevicePlacementTests
{
    private static readonly Device Meta = new(DeviceType.META);

    public DevicePlacementTests() => TorchRuntime.Initialize();

    public static TheoryData<string> Methods => MethodBehaviourTests.Trainable;

    [Theory]
    [MemberData(nameof(Methods))]
    public void Every_method_trains_and_evaluates_with_nothing_left_on_the_cpu(string id)
    {
        using var model = new T5Model(T5Config.Load(Path.Combine(TinyFlanFixture.Dir, "config.json")));
        model.to(Meta);
        Assert.Equal(DeviceType.META, model.Hooks.Device.type);
        var method = TestMethods.Create(id);
        using var bank = method.Attach(model.Hooks, users: 2, seed: 1);
        AssertOnMeta(bank, "attached");

        // One training step as the bank trainer takes it.
        foreach (var t in bank.Tensors)
            t.Bank.requires_grad = true;
        using (var optimizer = new BankAdamW(bank.Tensors, 2, weightDecay: 0.01))
        using (var best = new BestRows(bank.Tensors))
        {
            model.train();
            var (ids, mask, users) = Batch();
            var targets = new TargetTokens([[5, 6, 1], [7, 1]], model.Config.DecoderStartTokenId, Meta);
            var rowKeys = tensor(new long[] { 11, 12 }).to(Meta);
            var hidden = model.ForwardHidden(ids, mask, targets.DecoderInput, users, rowKeys);
            Assert.Equal(DeviceType.META, hidden.device_type);
            var loss = -(targets.RowLogProbs(model, hidden) / targets.Counts()).sum();
            loss.backward();
            Assert.All(bank.Tensors, t => Assert.Equal(DeviceType.META, (t.Bank.grad ?? throw new Xunit.Sdk.XunitException($"{t.Name} got no gradient")).device_type));
            optimizer.Step([1e-3, 1e-3]);
            best.Keep([true, false]);
            best.Restore();
            model.eval();
        }
        foreach (var t in bank.Tensors)
            t.Bank.requires_grad = false;
        AssertOnMeta(bank, "after a training step");

        // A saved module (made on the CPU) loads into the device bank.
        var folder = Directory.CreateTempSubdirectory("peftu-meta-").FullName;
        try
        {
            using var cpu = new T5Model(T5Config.Load(Path.Combine(TinyFlanFixture.Dir, "config.json")));
            using var cpuBank = method.Attach(cpu.Hooks, 1, seed: 1);
            AdapterStore.Save(folder, method, cpuBank, 0);
            AdapterStore.Load(folder, bank, 1);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        AssertOnMeta(bank, "after loading a saved module");

        // Evaluation: label scoring up to its host transfer, and cached greedy decoding steps.
        using (no_grad())
        {
            var (ids, mask, users) = Batch();
            var scores = LabelScorer.LabelLogProbs(model, ids, mask, [[5, 1], [9, 9, 1]], users);
            Assert.Equal(DeviceType.META, scores.device_type);
            Assert.Equal([2L, 2L], scores.shape);
            var encoded = model.Encode(ids, mask, users);
            using var state = model.NewDecoderState();
            var next = full(2, 1, TorchScalars.Of(model.Config.DecoderStartTokenId), dtype: ScalarType.Int64, device: Meta);
            for (int step = 0; step < 2; step++)
                next = model.Decode(next, encoded, users, state)[.., -1, ..].argmax(-1).unsqueeze(1);
            Assert.Equal(DeviceType.META, next.device_type);
        }
    }

    private static (Tensor Ids, Tensor Mask, Tensor Users) Batch() =>
        (zeros(2, 6, dtype: ScalarType.Int64, device: Meta), ones(2, 6, dtype: ScalarType.Int64, device: Meta), tensor(new long[] { 0, 1 }).to(Meta));

    private static void AssertOnMeta(IMethodBank bank, string when)
    {
        Assert.NotEmpty(bank.Tensors);
        foreach (var t in bank.Tensors)
            Assert.True(t.Bank.device_type == DeviceType.META, $"{t.Name} is on {t.Bank.device} {when}");
    }
}
