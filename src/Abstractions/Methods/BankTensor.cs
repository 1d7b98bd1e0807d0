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
    /// On the CPU through <c>index_select</c>: its backward adds whole slices in row order (<c>index_add_</c>), a third
    /// of the time of advanced indexing's element-wise <c>index_put_</c> accumulate at a LoRA bank's shapes
    /// (benchmarks/README.md, bank and protocol). Elsewhere advanced indexing: libtorch's meta device (the placement
    /// tests) has no <c>index_select</c> kernel, and CUDA's <c>index_add_</c> accumulates with atomics, in an order
    /// that varies from run to run, where <c>index_put_</c> sorts first. Same values and gradients.</summary>
    public torch.Tensor Rows(torch.Tensor userIndex) =>
        Bank.device_type == DeviceType.CPU ? Bank.index_select(0, userIndex) : Bank[userIndex];
}
