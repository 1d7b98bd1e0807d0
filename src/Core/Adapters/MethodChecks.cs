using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;

namespace PeftU.Core.Adapters;

/// <summary>Run-time guards the framework applies to every attached method.</summary>
public static class MethodChecks
{
    /// <summary>The analytic count (what plans, budgets and reports use) must equal the bank's real elements per user;
    /// otherwise the run stops before training, naming both numbers.</summary>
    public static void VerifyCount(IPeftMethod method, IMethodBank bank, BackboneDims dims)
    {
        long analytic = method.TrainableParameters(dims);
        long real = bank.Tensors.Sum(t => t.PerUser);
        if (analytic != real)
        {
            throw new InvalidOperationException(
                $"method '{method.Descriptor.Id}': its analytic count {analytic:N0} differs from the attached module's {real:N0} trainable " +
                $"parameters per user ({string.Join(", ", method.GetOptionValues().Select(kv => $"{kv.Key}={kv.Value}"))}); " +
                "the method's TrainableParameters and Attach disagree.");
        }
    }

    /// <summary>HF peft's printed count for prompt-learning methods on encoder-decoder models: it sizes the virtual-token
    /// table for two transformer submodules, doubling prompt tuning's (and P-tuning's embedding) count.</summary>
    public static long PeftConventionCount(IPeftMethod method, BackboneDims dims) => method.Descriptor.Id switch
    {
        "prompt-tuning" => 2 * method.TrainableParameters(dims),
        "p-tuning" => method.TrainableParameters(dims) + long.Parse(method.GetOptionValues()["num_virtual_tokens"], System.Globalization.CultureInfo.InvariantCulture) * dims.DModel,
        _ => method.TrainableParameters(dims),
    };
}
