using PeftU.Abstractions.Backbone;
using PeftU.Abstractions;
using PeftU.Core.Adapters;
using PeftU.Core.Adapters.Interop;
using PeftU.Core.Checkpoints;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests.Interop;

/// <summary>What the interop tests share: a trained-looking module of a method on tiny-flan, its logits on the two
/// reference prompts, and temporary folders.</summary>
internal sealed class ModuleFolders : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("peftu-interop-").FullName;

    public string Folder(string name) => Path.Combine(_root, name);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Attaches <paramref name="method"/> with one user, moves every tensor away from its initial value
    /// (seeded), saves it in this framework's layout into <paramref name="folder"/> and returns the logits it gives.</summary>
    public static Tensor SaveTrained(LoadedBackbone backbone, IPeftMethod method, string folder, int seed = 11, bool recordDims = true)
    {
        var (ids, mask) = TinyFlanFixture.Prompts(TinyFlanFixture.Expected("lora"));
        using var bank = method.Attach(backbone.Model.Hooks, users: 1, seed: 1);
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed);
        foreach (var tensor in bank.Tensors)
            tensor.Bank.PlusInPlace(randn(tensor.Bank.shape, generator: generator) * TorchScalars.Of(0.2));
        AdapterStore.Save(folder, method, bank, 0, baseModel: "tiny-flan", dims: recordDims ? backbone.Model.Hooks.Dims : null);
        return backbone.Model.Forward(ids, mask, TinyFlanFixture.DecoderIds()).clone();
    }

    /// <summary>The logits with the module in <paramref name="folder"/> (any layout) applied through its method plugin.</summary>
    public static Tensor LogitsWith(LoadedBackbone backbone, string folder)
    {
        var (ids, mask) = TinyFlanFixture.Prompts(TinyFlanFixture.Expected("lora"));
        using var module = ModuleReader.Read(folder);
        using var bank = ModuleLoader.Attach(TestMethods.Create(module.MethodId), module, backbone.Model.Hooks);
        using var noGrad = no_grad();
        return backbone.Model.Forward(ids, mask, TinyFlanFixture.DecoderIds()).clone();
    }

    public static Tensor LogitsWithout(LoadedBackbone backbone)
    {
        var (ids, mask) = TinyFlanFixture.Prompts(TinyFlanFixture.Expected("lora"));
        using var noGrad = no_grad();
        return backbone.Model.Forward(ids, mask, TinyFlanFixture.DecoderIds()).clone();
    }

    /// <summary>Reads <paramref name="from"/> and writes it into <paramref name="to"/> in <paramref name="format"/>.</summary>
    public static IReadOnlyList<string> Convert(string from, string to, ModuleFormat format, PeftU.Abstractions.Backbone.BackboneDims? dims = null)
    {
        using var module = ModuleReader.Read(from);
        return ModuleWriter.Write(module, to, format, TestMethods.Create(module.MethodId), dims);
    }

    public static void AssertSame(Tensor expected, Tensor actual, double atol = 1e-5)
    {
        double gap = (expected - actual).abs().max().item<float>();
        Assert.True(gap <= atol, $"largest logit difference {gap:G3} > {atol:G3}");
    }

    public static void WriteSafetensors(string path, Dictionary<string, Tensor> tensors) =>
        SafetensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
}
