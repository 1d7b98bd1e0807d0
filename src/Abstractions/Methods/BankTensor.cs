using TorchSharp.Modules;

namespace PeftU.Abstractions.Methods;

/// <summary>One trainable tensor of a method bank. <see cref="Bank"/> holds every user's copy along a leading user
/// dimension (a Parameter, so optimizers take it as is); <see cref="Name"/> is the key of one user's slice in <c>adapter_model.safetensors</c> (HF peft's name where
/// peft has the method) and <see cref="SavedShape"/> its shape there.</summary>
public sealed record BankTensor(string Name, Parameter Bank, long[] SavedShape)
{
    /// <summary>Elements per user.</summary>
    public long PerUser => Bank.numel() / Bank.shape[0];
}
