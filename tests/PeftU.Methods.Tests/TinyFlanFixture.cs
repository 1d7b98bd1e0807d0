using System.Text.Json;
using PeftU.Core;
using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Tokenization;
using PeftU.Testing;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests;

/// <summary>The tiny-flan fixture backbone, its reference prompts and the HF-peft adapters beside it.</summary>
internal static class TinyFlanFixture
{
    public static string Dir => Path.Combine(RepoPaths.Fixtures, "t5", "tiny-flan");

    public static string Adapter(string name) => Path.Combine(Dir, "adapters", name);

    public static LoadedBackbone Load()
    {
        TorchRuntime.Initialize();
        return T5CheckpointLoader.Load(Dir, BackboneDtype.Fp32);
    }

    public static JsonElement Expected(string adapter) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Adapter(adapter), "expected.json"))).RootElement;

    public static (Tensor Ids, Tensor Mask) Prompts(JsonElement expected) =>
        T5Tokenizer.FromFolder(Dir).EncodeBatch(expected.GetProperty("prompts").EnumerateArray().Select(p => p.GetString()!).ToList());

    public static Tensor DecoderIds() => tensor(new long[] { 0, 7559, 15, 1329, 0, 5388, 18, 547 }, [2, 4]);

    public static double MaxAbs(IEnumerable<double> expected, IEnumerable<double> actual) =>
        expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
}
