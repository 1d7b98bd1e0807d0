using PeftU.Abstractions.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>HF <c>T5PreTrainedModel._init_weights</c>: normal init scaled per tensor kind, for random-weight models
/// (benchmarks, the bundled tiny model's pre-training).</summary>
public static class T5Initializer
{
    public static void Initialize(T5Model model, long seed, double factor = 1.0)
    {
        var config = model.Config;
        var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            double std = name switch
            {
                _ when name.EndsWith("layer_norm.weight", StringComparison.Ordinal) => double.NaN,
                "shared.weight" => factor,
                "lm_head.weight" => factor * Math.Pow(config.DModel, -0.5),
                _ when name.EndsWith(".q.weight", StringComparison.Ordinal) => factor * Math.Pow((double)config.DModel * config.DKv, -0.5),
                _ when name.EndsWith(".o.weight", StringComparison.Ordinal) => factor * Math.Pow(config.Inner, -0.5),
                _ when name.EndsWith(".wo.weight", StringComparison.Ordinal) => factor * Math.Pow(config.DFf, -0.5),
                _ => factor * Math.Pow(config.DModel, -0.5), // k, v, wi*, relative_attention_bias
            };
            if (double.IsNaN(std))
                parameter.fill_(TorchScalars.Of(factor));
            else
                parameter.normal_(0, std, generator);
        }
    }
}
