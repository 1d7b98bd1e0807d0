using System.Text.Json.Nodes;
using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using PeftU.Core;
using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Experiments;
using PeftU.Core.Results;
using PeftU.Core.Training;
using PeftU.Host.Plugins;
using PeftU.Testing;
using static TorchSharp.torch;

namespace PeftU.Host.Tests;

/// <summary>A trained method sees the original's inputs: every training, validation and test prompt carries demos
/// from the user's own train split, and an over-long prompt is cut to 512 tokens from the right (EOS kept, its query
/// lost), counted in the user's record. The encoder's input ids are read back from its input embeddings by a spy
/// wrapped around the real LoRA plugin.</summary>
public sealed class FaithfulPromptRunTests : IDisposable
{
    private readonly TempFolder _temp = new("peftu-faithful");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Training_validation_and_test_inputs_are_demo_prompts_cut_at_512_tokens()
    {
        TorchRuntime.Initialize(1);
        // One user of the synthetic PEFT-U data; one of its train texts is made far longer than 512 tokens.
        var all = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Fixtures, "peft-u-synthetic", "user_data_leaked.json")))!.AsObject();
        var user = all["label_F_0"]!.DeepClone().AsObject();
        string longId = user["train"]!.AsObject().First().Key;
        user["train"]![longId]!["text"] = string.Join(" ", Enumerable.Repeat("brilliant crowd", 400));
        string data = Path.Combine(_temp.Path, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "user_data_leaked.json"), new JsonObject { ["label_F_0"] = user }.ToJsonString());
        string file = Path.Combine(_temp.Path, "faithful.yaml");
        File.WriteAllText(file, $"""
            backbone: {"{"}path: {Path.Combine(RepoPaths.Fixtures, "t5", "tiny-flan")}, dtype: fp32, threads: 1{"}"}
            tasks: [{"{"}id: tweeteval, data: data{"}"}]
            methods: [spy-lora]
            training: {"{"}epochs: 1, batch: 8, lr: 0.003{"}"}
            output: run
            """);

        var catalog = PluginCatalogLoader.Load([RepoPaths.StagedPlugins]);
        var seen = new List<(bool Training, long[] Ids)>();
        var spec = ExperimentSpecReader.Read(file);
        var plan = ExperimentPlanner.Plan(spec,
            (kind, id) => id == "spy-lora" ? new SpyMethod((IPeftMethod)catalog.Find(PluginKind.Method, "lora").Create(), seen)
                                           : catalog.OfKind(kind).FirstOrDefault(p => p.Descriptor.Id == id)?.Create(),
            kind => kind == PluginKind.Method ? ["spy-lora"] : [.. catalog.OfKind(kind).Select(p => p.Descriptor.Id)]);
        using var backbone = T5CheckpointLoader.Load(Path.Combine(RepoPaths.Fixtures, "t5", "tiny-flan"), BackboneDtype.Fp32, requireTokenizer: true);
        var store = new ResultStore(Path.Combine(_temp.Path, "run"));
        new ExperimentRunner(plan, backbone, store, SilentRunObserver.Instance).Run();

        var tokenizer = backbone.Tokenizer!;
        var texts = seen.Select(s => (s.Training, Ids: s.Ids, Text: tokenizer.Decode(s.Ids))).ToList();
        int train = user["train"]!.AsObject().Count, val = user["val"]!.AsObject().Count, test = user["test"]!.AsObject().Count;
        Assert.Equal(train, texts.Count(t => t.Training));          // one epoch: every train example once
        Assert.Equal(val + test, texts.Count(t => !t.Training));    // validation after the epoch, then the test prompts
        // Every input: the instruction, then demos "Text: … Label: <label>." before the query "Text: … Label:" — except
        // where the long text is a demo: then the cut at 512 tokens takes the rest of the demo and the query with it,
        // as the original's right truncation does.
        var cut = texts.Where(t => t.Ids.Length == 512).ToList();
        Assert.NotEmpty(cut);
        Assert.Contains(cut, t => t.Training);
        Assert.Contains(cut, t => !t.Training);
        Assert.All(texts.Except(cut), t => Assert.True(t.Text.Split("Label:").Length - 1 >= 2, $"no demo in: {t.Text}"));
        Assert.All(cut, t => Assert.DoesNotContain("Label:", t.Text[(t.Text.IndexOf("brilliant crowd", StringComparison.Ordinal))..]));
        Assert.All(cut, t => Assert.Equal(1, t.Ids[^1]));           // EOS kept after the cut
        Assert.All(texts, t => Assert.InRange(t.Ids.Length, 1, 512));

        var record = store.Finished("tweeteval", "spy-lora", store.ReadManifest().Cells[0].Signature)["label_F_0"];
        Assert.Equal(cut.Count(t => t.Training) + cut.Count(t => !t.Training), record.PromptsCut);
    }

    /// <summary>The real LoRA plugin plus an encoder-input spy: a zero-length embedding prefix whose hook recovers each
    /// row's ids from the input embeddings (rows of the frozen table, so an exact nearest match) and keeps them.</summary>
    private sealed class SpyMethod(IPeftMethod inner, List<(bool Training, long[] Ids)> seen) : IPeftMethod
    {
        public PluginDescriptor Descriptor => inner.Descriptor with { Id = "spy-lora" };

        public void Configure(IReadOnlyDictionary<string, object?> values) => inner.Configure(values);

        public IReadOnlyDictionary<string, string> GetOptionValues() => inner.GetOptionValues();

        public long TrainableParameters(BackboneDims dims) => inner.TrainableParameters(dims);

        public IReadOnlyDictionary<string, object?> AdapterConfig() => inner.AdapterConfig();

        public IMethodBank Attach(IBackboneHooks hooks, int users, long seed)
        {
            var bank = inner.Attach(hooks, users, seed);
            var spy = hooks.SetEncoderEmbeddingPrefix((embeddings, context) =>
            {
                using (no_grad())
                {
                    var table = hooks.SharedEmbedding.detach();
                    var norms = table.square().sum(-1); // nearest row by ‖t‖² − 2 e·t (the ‖e‖² term is the same for every row)
                    for (long row = 0; row < embeddings.shape[0]; row++)
                    {
                        var e = embeddings[row].detach();
                        var distance = norms.unsqueeze(0) - 2 * e.matmul(table.t()); // [length, vocab]
                        var ids = distance.argmin(-1).data<long>().ToArray();
                        int end = Array.LastIndexOf(ids, 1L); // padding (id 0) after the EOS
                        seen.Add((context.Training, ids[..(end + 1)]));
                    }
                }
                return zeros(embeddings.shape[0], 0, embeddings.shape[2], dtype: embeddings.dtype);
            });
            return new Spied(bank, spy);
        }
    }

    private sealed class Spied(IMethodBank inner, IDisposable spy) : IMethodBank
    {
        public int Users => inner.Users;

        public IReadOnlyList<BankTensor> Tensors => inner.Tensors;

        public void Dispose()
        {
            spy.Dispose();
            inner.Dispose();
        }
    }
}
