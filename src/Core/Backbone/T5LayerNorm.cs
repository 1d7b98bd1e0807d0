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

    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var x32 = x.to(ScalarType.Float32);
        var variance = x32.pow(TorchScalars.Of(2)).mean([-1L], keepdim: true);
        var normed = (x32 * variance.add(TorchScalars.Of(_epsilon), TorchScalars.One).rsqrt()).to(weight.dtype);
        return (weight * normed).MoveToOuterDisposeScope();
    }
}
