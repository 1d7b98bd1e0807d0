using PeftU.Abstractions.Backbone;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Abstractions.Methods;

/// <summary>Initial values for bank tensors: every user of a bank starts from the same values (so a bank of U users
/// equals U separate modules from the same seed). Values are drawn on the CPU from the method's seeded generator and
/// then moved, so a module starts the same on every device.</summary>
public static class BankInit
{
    /// <summary>A bank parameter on <paramref name="device"/> holding <paramref name="one"/>'s values for each of
    /// <paramref name="users"/> users (<c>[users, ..one.shape]</c>); <paramref name="one"/> is disposed.</summary>
    public static Parameter Replicate(int users, Tensor one, Device device)
    {
        using (one)
        using (var moved = one.to(device))
            return new Parameter(moved.unsqueeze(0).expand([users, .. one.shape]).clone());
    }

    /// <summary>A bank parameter of <paramref name="users"/> × <paramref name="shape"/> filled with <paramref name="value"/>
    /// (zeros for LoRA's B and adapter biases, ones for IA3's scales).</summary>
    public static Parameter Filled(int users, long[] shape, double value, Device device) =>
        new(full([users, .. shape], TorchScalars.Of(value), dtype: ScalarType.Float32, device: device));

    /// <summary>PyTorch's default for linear layers (kaiming-uniform with a = √5): U(−1/√fan_in, 1/√fan_in).</summary>
    public static Tensor Uniform(long[] shape, long fanIn, Generator generator)
    {
        double bound = 1.0 / Math.Sqrt(fanIn);
        return empty(shape).uniform_(-bound, bound, generator);
    }
}
