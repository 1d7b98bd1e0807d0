using TorchSharp;

namespace PeftU.Abstractions.Backbone;

/// <summary>The hook points a frozen encoder-decoder exposes to PEFT methods. Methods never edit backbone code: they
/// register hooks here, and dispose the returned handle to detach. A site without hooks costs nothing.</summary>
public interface IBackboneHooks
{
    BackboneDims Dims { get; }

    /// <summary>Where the backbone lives: methods allocate their banks here (a bank on another device fails at the
    /// first hook, as it would on a GPU).</summary>
    torch.Device Device { get; }

    /// <summary>The backbone's compute dtype (bf16 or fp32); banks stay fp32 and cast what they add to it.</summary>
    torch.ScalarType ComputeDtype { get; }

    /// <summary>The embedding table (frozen; read it to initialise virtual tokens from text or vocabulary).</summary>
    torch.Tensor SharedEmbedding { get; }

    /// <summary>Token ids of a text (no EOS) with the backbone's tokenizer, for initialising virtual tokens from text;
    /// throws when the backbone was built without one.</summary>
    int[] Tokenize(string text);

    IReadOnlyList<LinearSite> Linears { get; }

    IReadOnlyList<SublayerSite> Sublayers { get; }

    IReadOnlyList<AttentionSite> Attentions { get; }

    IReadOnlyList<BlockSite> Blocks { get; }

    IDisposable AddLinearInput(LinearSite site, LinearInputHook hook);

    IDisposable AddLinearOutput(LinearSite site, LinearOutputHook hook);

    IDisposable AddSublayerOutput(SublayerSite site, SublayerOutputHook hook);

    IDisposable AddBlockOutput(BlockSite site, BlockOutputHook hook);

    /// <summary>At most one prefix per attention site.</summary>
    IDisposable SetKeyValuePrefix(AttentionSite site, KeyValuePrefixHook hook);

    /// <summary>At most one encoder embedding prefix.</summary>
    IDisposable SetEncoderEmbeddingPrefix(EmbeddingPrefixHook hook);
}
