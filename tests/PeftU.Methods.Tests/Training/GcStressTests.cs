using PeftU.Core.Evaluation;
using PeftU.Core.Training;

namespace PeftU.Methods.Tests.Training;

/// <summary>Training (dropout on) and evaluation of every method while another thread keeps the garbage collector busy,
/// as HTTP requests do beside <c>peftu serve</c>'s engine. TorchSharp passes a <c>Scalar</c>'s handle to libtorch
/// without keeping the object alive, so a collection during the native call could finalize a temporary one and
/// libtorch read freed memory ("Unknown scalar type", a failed check in <c>toFloat</c>). Before every constant went
/// through <c>TorchScalars</c> a run like this one failed within seconds; one in eight plain benchmark runs did too.
/// It runs alone: the forced collections reach every thread of the process, and other test classes make tensors
/// outside any dispose scope (a temporary like <c>a.sub(b)</c> in an assertion), which a collection during the native
/// call that uses it can finalize the same way — that crashed the test process beside this test. The product's
/// training and evaluation paths keep their tensors in dispose scopes; this test is what checks them.</summary>
[Collection(GcStressCollection.Name)]
public sealed class GcStressTests
{
    [Theory]
    [MemberData(nameof(MethodBehaviourTests.Trainable), MemberType = typeof(MethodBehaviourTests))]
    public void Training_and_evaluation_survive_collections_from_another_thread(string id)
    {
        using var backbone = TinyFlanFixture.Load();
        var users = BankTrainerTests.Users(backbone.Tokenizer!, trainSizes: [6, 9]);
        var method = TestMethods.Create(id);
        using var bank = method.Attach(backbone.Model.Hooks, users.Count, seed: 3);
        using var stop = new CancellationTokenSource();
        var pressure = new Thread(() =>
        {
            var keep = new object[8];
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                keep[i & 7] = new byte[32_000];
                if (i % 64 == 0)
                    GC.Collect(0);
            }
        }) { IsBackground = true };
        pressure.Start();
        try
        {
            var settings = new TrainingSettings(Epochs: 2, Lr: 1e-2, WeightDecay: 0.01, Batch: 3, WarmupRatio: 0.2, Seed: 7, Dropout: true);
            var results = BankTrainer.Train(backbone.Model, bank, users, settings);
            Assert.All(results, r => Assert.Equal(2, r.ValLosses.Count));
            var evaluator = new Evaluator(backbone.Model, backbone.Tokenizer!);
            var prompts = Enumerable.Range(0, 12).Select(i => (User: i % 2, Prompt: $"Review of item {i}: the story was told. Label:")).ToList();
            Assert.Equal(12, evaluator.Score(prompts, ["positive", "negative"]).Count);
            Assert.Equal(4, evaluator.Generate(prompts[..4], 4, text => [text]).Count);
        }
        finally
        {
            stop.Cancel();
            pressure.Join();
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GcStressCollection
{
    public const string Name = "collections from another thread (runs alone)";
}
