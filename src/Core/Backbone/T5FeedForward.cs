using PeftU.Abstractions.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>HF <c>DenseReluDense</c>: <c>wo(dropout(act(wi x)))</c>, or gated <c>wo(dropout(act(wi_0 x) · wi_1 x))</c>.</summary>
public sealed class T5FeedForward : nn.Module
{
    private readonly T5Linear? wi, wi_0, wi_1;
    private readonly T5Linear wo;
    private readonly string _activation;
    private readonly double _dropout;
    private readonly string _dropoutSite;

    internal T5FeedForward(string name, StackKind stack, int layer, T5Config config) : base(name)
    {
        _activation = config.Activation;
        _dropout = config.DropoutRate;
        _dropoutSite = $"{name}.dropout";
        T5Linear Projection(string module, int input, int output)
        {
            var linear = new T5Linear(new LinearSite($"{name}.{module}", stack, layer, module, null, input, output));
            register_module(module, linear);
            return linear;
        }
        if (config.GatedFeedForward)
        {
            wi_0 = Projection("wi_0", config.DModel, config.DFf);
            wi_1 = Projection("wi_1", config.DModel, config.DFf);
        }
        else
        {
            wi = Projection("wi", config.DModel, config.DFf);
        }
        wo = Projection("wo", config.DFf, config.DModel);
    }

    public IEnumerable<T5Linear> Projections => new[] { wi, wi_0, wi_1, wo }.OfType<T5Linear>();

    internal Tensor Forward(Tensor x, HookContext context)
    {
        Tensor hidden = wi is not null
            ? T5Activation.Apply(_activation, wi.Forward(x, context))
            : T5Activation.Apply(_activation, wi_0!.Forward(x, context)) * wi_1!.Forward(x, context);
        hidden = context.Dropout(hidden, _dropout, _dropoutSite);
        return wo.Forward(hidden, context);
    }
}
