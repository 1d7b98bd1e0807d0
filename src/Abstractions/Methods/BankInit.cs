using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Abstractions.Methods;

/// <summary>Initial values for bank tensors: every user of a bank starts from the same values (so a bank of U users
/// equals U separate modules from the same seed).</summary>
public static class BankInit
{
    /// <summary>A bank parameter holding <paramref name="one"/>'s values for each of <paramref name="users"/> users
    /// (<c>[users, ..one.shape]</c>); <paramref name="one"/> is disposed.</summary>
    public static Parameter Replicate(int users, Tensor one)
    {
        using (one)
            return new Parameter(one.unsqueeze(0).expand([users, .. one.shape]).clone());
    }

    /// <summary>PyTorch's default for linear layers (kaiming-uniform with a = √5): U(−1/√fan_in, 1/√fan_in).</summary>
    public static Tensor Uniform(long[] shape, long fanIn, Generator generator)
    {
        double bound = 1.0 / Math.Sqrt(fanIn);
        return empty(shape).uniform_(-bound, bound, generator);
    }
}
