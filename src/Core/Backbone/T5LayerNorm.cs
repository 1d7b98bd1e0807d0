using PeftU.Abstractions.Backbone;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>T5's RMS norm: no mean subtraction, no bias; the variance is always taken in fp32 (also for a bf16 backbone).</summary>
public sealed class T5LayerNorm : nn.Module
{
    private readonly Parameter weight;
    private readonly double _epsilon;

    internal T5LayerNorm(string name, int dModel, double epsilon) : base(name)
    {
        _epsilon = epsilon;
        weight = new Parameter(ones(dModel), requires_grad: false);
        register_parameter("weight", weight);
    }

    /// <summary>The norm (<see cref="RmsNormFunction"/>: HF's forward, a backward of its own).</summary>
    public Tensor Forward(Tensor x) => RmsNormFunction.Of(x, weight, _epsilon);
}
