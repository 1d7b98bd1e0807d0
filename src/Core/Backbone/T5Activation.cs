using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>The feed-forward activations HF T5 configs name (<c>dense_act_fn</c>).</summary>
public static class T5Activation
{
    public static readonly IReadOnlyList<string> Known = ["relu", "gelu_new", "gelu", "silu", "gelu_pytorch_tanh"];

    public static bool IsKnown(string name) => Known.Contains(name);

    public static Tensor Apply(string name, Tensor x) => name switch
    {
        "relu" => nn.functional.relu(x),
        // gelu_new is the tanh approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))): torch's fused kernel computes
        // exactly that formula in one pass, where the composed version kept six activation-sized tensors for backward.
        "gelu_new" or "gelu_pytorch_tanh" => nn.functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        "gelu" => nn.functional.gelu(x),
        "silu" => nn.functional.silu(x),
        _ => throw new BackboneException($"activation '{name}' is not supported."),
    };
}
