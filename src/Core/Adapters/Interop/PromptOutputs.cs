using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using static TorchSharp.torch;

namespace PeftU.Core.Adapters.Interop;

/// <summary>What a prompt encoder or a prefix projection produces for a module: it does not depend on the text, so the
/// method runs once on a <see cref="DetachedHooks"/> backbone and its own hook gives the values (no second copy of
/// the method's arithmetic here).</summary>
internal static class PromptOutputs
{
    /// <summary>The virtual tokens a module prepends to the encoder input, <c>[N, d_model]</c>.</summary>
    public static Tensor EncoderPrompt(IPeftMethod method, PortableModule module, BackboneDims? dims)
    {
        // A prompt encoder needs d_model only, which its virtual-token table's width shows.
        dims ??= module.Tensors.FirstOrDefault(t => t.Key is "prompt_encoder.embedding.weight" or "prompt_embeddings").Value is { } table && table.dim() == 2
            ? new BackboneDims((int)table.shape[1], 1, 1, 1, 1, 1, 1, false, false, 0)
            : throw new ModuleFormatException($"{module.Source}: no virtual-token table to read d_model from; pass --backbone-config FILE.");
        using var hooks = Attached(method, module, dims);
        using var noGrad = no_grad();
        var hook = hooks.Hooks.EmbeddingPrefix ?? throw new ModuleFormatException($"{module.Source}: method '{module.MethodId}' sets no encoder prompt.");
        var prompt = hook(zeros(1, 1, dims.DModel), hooks.Hooks.Context());
        return prompt[0].to(ScalarType.Float32).clone();
    }

    /// <summary>Keys and values of every prefixed attention side by side per prefix row, in the sites' order:
    /// <c>[N, sites · 2 · inner]</c> (keys then values per site; heads major within each).</summary>
    public static Tensor PrefixTable(IPeftMethod method, PortableModule module, BackboneDims? dims)
    {
        if (dims is null)
            throw new ModuleFormatException($"{module.Source}: computing a projected prefix needs the backbone's dims (its layer count): pass --backbone-config FILE.");
        using var hooks = Attached(method, module, dims);
        using var noGrad = no_grad();
        var context = hooks.Hooks.Context();
        var parts = new List<Tensor>();
        foreach (var (site, hook) in hooks.Hooks.Prefixes)
        {
            var prefix = hook(site, context); // [1, heads, N, d_kv]
            foreach (var part in new[] { prefix.Keys, prefix.Values })
                parts.Add(part[0].transpose(0, 1).reshape(part.shape[2], -1).to(ScalarType.Float32));
        }
        return parts.Count > 0 ? cat(parts, 1) : throw new ModuleFormatException($"{module.Source}: method '{module.MethodId}' sets no key/value prefix.");
    }

    private static AttachedModule Attached(IPeftMethod method, PortableModule module, BackboneDims dims)
    {
        var hooks = new DetachedHooks(dims, CPU);
        return new AttachedModule(hooks, ModuleLoader.Attach(method, module, hooks));
    }

    private sealed record AttachedModule(DetachedHooks Hooks, IMethodBank Bank) : IDisposable
    {
        public void Dispose() => Bank.Dispose();
    }
}
