using PeftU.Abstractions.Backbone;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>A bias-free projection (HF name <c>weight</c>, shape [out, in]) with input and output hook points.</summary>
public sealed class T5Linear : nn.Module
{
    private readonly Parameter weight;

    internal T5Linear(LinearSite site) : base(site.Module)
    {
        Site = site;
        weight = new Parameter(empty(site.OutFeatures, site.InFeatures), requires_grad: false);
        register_parameter("weight", weight);
    }

    public LinearSite Site { get; }

    public Parameter Weight => weight;

    internal HookList<LinearInputHook> InputHooks { get; } = new();

    internal HookList<LinearOutputHook> OutputHooks { get; } = new();

    public Tensor Forward(Tensor x, HookContext context)
    {
        foreach (var hook in InputHooks.Items)
            x = hook(Site, x, context);
        var y = nn.functional.linear(x, weight);
        foreach (var hook in OutputHooks.Items)
            y = hook(Site, x, y, context);
        return y;
    }
}
