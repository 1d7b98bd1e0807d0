using TorchSharp;

namespace PeftU.Abstractions.Backbone;

/// <summary>What every hook receives about the current forward pass.</summary>
public sealed class HookContext
{
    private readonly Func<torch.Tensor> _userIndex;
    private torch.Tensor? _cached;

    /// <summary>Made by the backbone per forward; <paramref name="userIndex"/> makes the per-row user index on first
    /// use, so hooks that ignore it cost nothing.</summary>
    public HookContext(Func<torch.Tensor> userIndex, bool training, torch.ScalarType computeDtype, torch.Device device)
    {
        _userIndex = userIndex;
        Training = training;
        ComputeDtype = computeDtype;
        Device = device;
    }

    /// <summary>Per batch row, the index of its user in the method's bank (int64, shape <c>[batch]</c>).</summary>
    public torch.Tensor UserIndex => _cached ??= _userIndex();

    /// <summary>True when the backbone runs in training mode (dropout active).</summary>
    public bool Training { get; }

    /// <summary>The backbone's compute dtype; hooks return tensors of this dtype where they replace activations.</summary>
    public torch.ScalarType ComputeDtype { get; }

    public torch.Device Device { get; }
}
