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
        // gelu_new is the tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
        "gelu_new" or "gelu_pytorch_tanh" => GeluTanh(x),
        "gelu" => nn.functional.gelu(x),
        "silu" => nn.functional.silu(x),
        _ => throw new BackboneException($"activation '{name}' is not supported."),
    };

    private static Tensor GeluTanh(Tensor x)
    {
        using var scope = NewDisposeScope();
        var inner = (x + x.pow(3) * 0.044715) * Math.Sqrt(2.0 / Math.PI);
        return (0.5 * x * (1.0 + inner.tanh())).MoveToOuterDisposeScope();
    }
}
