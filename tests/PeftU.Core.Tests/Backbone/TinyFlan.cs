using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Tokenization;
using static TorchSharp.torch;

namespace PeftU.Core.Tests.Backbone;

/// <summary>The tiny-flan fixture model and its two reference prompts, for behaviour tests.</summary>
internal static class TinyFlan
{
    public static readonly string Dir = Expected.ModelDir("tiny-flan");

    public static LoadedBackbone Load(BackboneDtype dtype = BackboneDtype.Fp32)
    {
        TorchRuntime.Initialize();
        return T5CheckpointLoader.Load(Dir, dtype);
    }

    public static (Tensor Ids, Tensor Mask) Prompts()
    {
        var prompts = Expected.Load("tiny-flan", "expected.json").GetProperty("fp32").GetProperty("model").GetProperty("prompts")
            .EnumerateArray().Select(p => p.GetString()!).ToList();
        return T5Tokenizer.FromFolder(Dir).EncodeBatch(prompts);
    }

    public static Tensor DecoderIds() => tensor(new long[] { 0, 7559, 15, 1329, 0, 5388, 18, 547 }, [2, 4]);
}
