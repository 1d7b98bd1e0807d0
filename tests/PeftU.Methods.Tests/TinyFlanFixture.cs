using System.Text.Json;
using PeftU.Core.Checkpoints;
using PeftU.Core.Tests.Backbone;
using PeftU.Core.Tokenization;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests;

/// <summary>The tiny-flan backbone (the backbone tests' <see cref="TinyFlan"/>) plus the HF-peft adapters beside it.</summary>
internal static class TinyFlanFixture
{
    public static string Dir => TinyFlan.Dir;

    public static string Adapter(string name) => Path.Combine(Dir, "adapters", name);

    public static LoadedBackbone Load() => TinyFlan.Load();

    public static JsonElement Expected(string adapter) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Adapter(adapter), "expected.json"))).RootElement;

    public static (Tensor Ids, Tensor Mask) Prompts(JsonElement expected) =>
        T5Tokenizer.FromFolder(Dir).EncodeBatch(expected.GetProperty("prompts").EnumerateArray().Select(p => p.GetString()!).ToList());

    public static Tensor DecoderIds() => TinyFlan.DecoderIds();
}
