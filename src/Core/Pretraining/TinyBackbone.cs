using PeftU.Abstractions.Backbone;
using System.Globalization;
using System.Text.Json;
using PeftU.Abstractions.IO;
using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Pretraining;

/// <summary>The bundled backbone: a Flan-T5-shaped model small enough to commit (d_model 64, 2+2 layers, tied embeddings,
/// T5's 32,128-token vocabulary, weights stored as bf16 ≈ 4 MB), pre-trained from a seeded random init on the
/// synthetic task's pooled annotations of its pre-training corpus (each text, none of them a task text, with its majority label; see
/// <c>peftu pretrain-tiny</c>), so it answers like one shared model and the per-user modules must personalize it. Pre-training runs on one thread so the same command gives
/// the same bytes.</summary>
public static class TinyBackbone
{
    public static readonly T5Config Config = new()
    {
        VocabSize = 32128,
        DModel = 64,
        DKv = 16,
        NumHeads = 4,
        DFf = 128,
        NumLayers = 2,
        NumDecoderLayers = 2,
        GatedFeedForward = true,
        Activation = "gelu_new",
        TieWordEmbeddings = true,
        DropoutRate = 0.1,
    };

    /// <summary>Trains a fresh model on <paramref name="examples"/> (all parameters; AdamW, linear decay, no dropout) and
    /// returns it frozen again. Reports (step, loss) every <paramref name="reportEvery"/> steps.</summary>
    public static T5Model Pretrain(IReadOnlyList<TrainingExample> examples, int steps, int batch, double lr, int seed,
        IProgress<(int Step, double Loss)>? progress = null, int reportEvery = 50)
    {
        var model = new T5Model(Config);
        T5Initializer.Initialize(model, seed);
        var parameters = model.parameters().ToList();
        foreach (var p in parameters)
            p.requires_grad = true;
        model.eval(); // no dropout: the backbone is fitted deterministically
        using var optimizer = optim.AdamW(parameters, lr, weight_decay: 0.01);
        var schedule = LinearWarmupSchedule.For(steps, 0.05);
        var random = new Data.PythonRandom(seed);
        var order = new List<int>();
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            if (order.Count < batch)
            {
                var epoch = Enumerable.Range(0, examples.Count).ToList();
                random.Shuffle(epoch);
                order.AddRange(epoch);
            }
            var rows = order.Take(batch).Select(i => examples[i]).ToList();
            order.RemoveRange(0, batch);
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = lr * schedule.Factor(step);
            var (ids, mask) = Tokenization.T5Tokenizer.Pad([.. rows.Select(r => r.Input)]);
            var (decoderInput, targets) = Inference.LabelScorer.TeacherForcing([.. rows.Select(r => r.Target)], Config.DecoderStartTokenId, CPU);
            var logits = model.Forward(ids, mask, decoderInput);
            var tokens = targets.ge(TorchScalars.Of(0)).sum();
            var loss = -Inference.LabelScorer.TokenLogProbs(logits, targets).sum() / tokens;
            optimizer.zero_grad();
            loss.backward();
            nn.utils.clip_grad_norm_(parameters, 1.0);
            optimizer.step();
            if (progress is not null && ((step + 1) % reportEvery == 0 || step + 1 == steps))
                progress.Report((step + 1, loss.item<float>()));
        }
        foreach (var p in parameters)
        {
            p.requires_grad = false;
            p.grad?.Dispose();
        }
        return model;
    }

    /// <summary>Writes <c>config.json</c> and <c>model.safetensors</c> (bf16, tied embeddings stored once as
    /// <c>shared.weight</c>) into <paramref name="folder"/>.</summary>
    public static void Save(T5Model model, string folder, IReadOnlyDictionary<string, string> metadata)
    {
        Directory.CreateDirectory(folder);
        var c = Config;
        var config = new Dictionary<string, object>
        {
            ["architectures"] = new[] { "T5ForConditionalGeneration" },
            ["model_type"] = "t5",
            ["is_encoder_decoder"] = true,
            ["vocab_size"] = c.VocabSize,
            ["d_model"] = c.DModel,
            ["d_kv"] = c.DKv,
            ["num_heads"] = c.NumHeads,
            ["d_ff"] = c.DFf,
            ["num_layers"] = c.NumLayers,
            ["num_decoder_layers"] = c.NumDecoderLayers,
            ["feed_forward_proj"] = "gated-gelu",
            ["dense_act_fn"] = "gelu_new",
            ["is_gated_act"] = true,
            ["tie_word_embeddings"] = true,
            ["relative_attention_num_buckets"] = c.RelativeAttentionNumBuckets,
            ["relative_attention_max_distance"] = c.RelativeAttentionMaxDistance,
            ["layer_norm_epsilon"] = c.LayerNormEpsilon,
            ["dropout_rate"] = c.DropoutRate,
            ["pad_token_id"] = c.PadTokenId,
            ["eos_token_id"] = c.EosTokenId,
            ["decoder_start_token_id"] = c.DecoderStartTokenId,
            ["torch_dtype"] = "bfloat16",
        };
        AtomicFile.WriteAllText(Path.Combine(folder, "config.json"), JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        using var scope = NewDisposeScope();
        var tensors = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter.to(ScalarType.BFloat16));
        SafetensorsWriter.Write(Path.Combine(folder, "model.safetensors"), tensors, metadata);
    }

    public static string Describe(int steps, int batch, double lr, int seed) =>
        string.Create(CultureInfo.InvariantCulture, $"steps={steps};batch={batch};lr={lr:R};seed={seed}");
}
