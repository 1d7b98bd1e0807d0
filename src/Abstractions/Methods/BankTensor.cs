using TorchSharp;
using TorchSharp.Modules;

namespace PeftU.Abstractions.Methods;

/// <summary>One trainable tensor of a method bank. <see cref="Bank"/> holds every user's copy along a leading user
/// dimension (a Parameter, so optimizers take it as is); <see cref="Name"/> is the key of one user's slice in <c>adapter_model.safetensors</c> (HF peft's name where
/// peft has the method) and <see cref="SavedShape"/> its shape there.</summary>
public sealed record BankTensor(string Name, Parameter Bank, long[] SavedShape)
{
    /// <summary>Elements per user.</summary>
    public long PerUser => Bank.numel() / Bank.shape[0];

    /// <summary>Each batch row's user slice: <c>Bank[userIndex]</c>, <c>[batch, ..SavedShape-like per-user dims]</c>.
    /// Advanced indexing rather than <c>index_select</c>, which has no kernel on libtorch's meta device (the placement
    /// tests run there); the two give the same values and gradients.</summary>
    public torch.Tensor Rows(torch.Tensor userIndex) => Bank[userIndex];
}
