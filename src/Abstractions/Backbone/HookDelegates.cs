using TorchSharp;

namespace PeftU.Abstractions.Backbone;

/// <summary>Replaces a projection's input before the frozen weight is applied (IA3 on <c>wo</c>).</summary>
public delegate torch.Tensor LinearInputHook(LinearSite site, torch.Tensor input, HookContext context);

/// <summary>Replaces a projection's output; gets the (possibly hooked) input too (LoRA, IA3 on k/v).</summary>
public delegate torch.Tensor LinearOutputHook(LinearSite site, torch.Tensor input, torch.Tensor output, HookContext context);

/// <summary>Replaces a residual sublayer's output before the residual add (bottleneck adapters).</summary>
public delegate torch.Tensor SublayerOutputHook(SublayerSite site, torch.Tensor output, HookContext context);

/// <summary>Replaces a block's output hidden state.</summary>
public delegate torch.Tensor BlockOutputHook(BlockSite site, torch.Tensor hidden, HookContext context);

/// <summary>Gives the key/value prefix of one attention for the current batch (prefix tuning).</summary>
public delegate KeyValuePrefix KeyValuePrefixHook(AttentionSite site, HookContext context);

/// <summary>Gives embeddings (<c>[batch, prefix_length, d_model]</c>) to prepend to the encoder's input embeddings
/// (prompt tuning, P-tuning); gets the input embeddings (<c>[batch, length, d_model]</c>).</summary>
public delegate torch.Tensor EmbeddingPrefixHook(torch.Tensor inputEmbeddings, HookContext context);
