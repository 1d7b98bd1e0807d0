using PeftU.Abstractions;
using PeftU.Core.Adapters;
using PeftU.Core.Checkpoints;
using PeftU.Core.Inference;
using PeftU.Methods.IA3;
using PeftU.Methods.Lora;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests;

/// <summary>HF-peft-format adapters (tests/fixtures/t5/tiny-flan/adapters) loaded into a bank reproduce peft's outputs,
/// and saving them back gives peft's tensor names.</summary>
public sealed class HfPeftAdapterTests
{
    public static TheoryData<string> Adapters => ["lora", "ia3"];

    [Theory]
    [MemberData(nameof(Adapters))]
    public void Loaded_adapter_reproduces_the_reference_outputs(string adapter)
    {
        using var backbone = TinyFlanFixture.Load();
        var method = Method(adapter);
        using var bank = method.Attach(backbone.Model.Hooks, users: 1, seed: 1);
        AdapterStore.Load(TinyFlanFixture.Adapter(adapter), bank, user: 0);

        var expected = TinyFlanFixture.Expected(adapter);
        var (ids, mask) = TinyFlanFixture.Prompts(expected);
        using (no_grad())
        {
            var hidden = backbone.Model.Encode(ids, mask).Hidden.to(ScalarType.Float64).flatten().data<double>().ToArray();
            var reference = expected.GetProperty("encoder_last_hidden_state").GetProperty("values").EnumerateArray().Select(v => v.GetDouble());
            PeftU.Core.Tests.Backbone.Expected.AssertClose(reference.ToArray(), hidden, 1e-4);
        }
        var labels = expected.GetProperty("label_scores").EnumerateArray().ToList();
        var scores = LabelScorer.Score(backbone.Model, ids, mask,
            labels.Select(l => l.GetProperty("label_ids").EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToList());
        for (int l = 0; l < labels.Count; l++)
        {
            var want = labels[l].GetProperty("sum_logprob").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            PeftU.Core.Tests.Backbone.Expected.AssertClose(want, [scores.Sum[0, l], scores.Sum[1, l]], 1e-4);
        }
        var greedy = expected.GetProperty("greedy_new_tokens").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
        Assert.Equal(greedy, GreedyGenerator.Generate(backbone.Model, ids, mask, greedy[0].Length));
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public void Saving_gives_back_peft_names_shapes_and_values(string adapter)
    {
        using var backbone = TinyFlanFixture.Load();
        var method = Method(adapter);
        using var bank = method.Attach(backbone.Model.Hooks, users: 2, seed: 1);
        AdapterStore.Load(TinyFlanFixture.Adapter(adapter), bank, user: 1);
        string folder = Path.Combine(Path.GetTempPath(), "peftu-adapter-" + Guid.NewGuid().ToString("N"));
        try
        {
            AdapterStore.Save(folder, method, bank, user: 1, baseModel: "tiny-flan");
            using var original = SafetensorsReader.Open(Path.Combine(TinyFlanFixture.Adapter(adapter), AdapterStore.WeightsFile));
            using var saved = SafetensorsReader.Open(Path.Combine(folder, AdapterStore.WeightsFile));
            Assert.Equal(original.Entries.Keys.Order(StringComparer.Ordinal), saved.Entries.Keys.Order(StringComparer.Ordinal));
            foreach (var name in original.Entries.Keys)
            {
                Assert.Equal(original.Entries[name].Shape, saved.Entries[name].Shape);
                Assert.True(original.Read(name).equal(saved.Read(name)).all().item<bool>(), name);
            }
            var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, AdapterStore.ConfigFile))).RootElement;
            Assert.Equal(adapter == "lora" ? "LORA" : "IA3", config.GetProperty("peft_type").GetString());
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_adapter_saved_with_other_options_is_refused_naming_every_mismatch()
    {
        using var backbone = TinyFlanFixture.Load();
        var lora = new Lora.Lora();
        lora.Configure(new Dictionary<string, object?> { ["r"] = 2, ["target_modules"] = "q,k" });
        using var bank = lora.Attach(backbone.Model.Hooks, 1, 1);
        var error = Assert.Throws<PeftU.Core.Backbone.BackboneException>(() => AdapterStore.Load(TinyFlanFixture.Adapter("lora"), bank, 0));
        Assert.Contains("missing: base_model.model.encoder.block.0.layer.0.SelfAttention.k.lora_A.weight", error.Message);
        Assert.Contains("unexpected: ", error.Message);
        Assert.Contains("SelfAttention.q.lora_A.weight: shape [4, 32] in the file, [2, 32] for these options", error.Message);
    }

    internal static IPeftMethod Method(string adapter)
    {
        if (adapter == "ia3")
            return new IA3.IA3();
        var lora = new Lora.Lora();
        lora.Configure(new Dictionary<string, object?> { ["r"] = 4, ["lora_alpha"] = 16.0 });
        return lora;
    }
}
