using TorchSharp;

namespace PeftU.Abstractions.Backbone;

/// <summary>What every hook receives about the current forward pass.</summary>
public sealed class HookContext
{
    private readonly Func<torch.Tensor> _userIndex;
    private readonly Func<RowRandom> _random;
    private torch.Tensor? _cached;
    private RowRandom? _cachedRandom;

    /// <summary>Made by the backbone per forward; <paramref name="userIndex"/> gives the per-row user index and
    /// <paramref name="random"/> the per-row draws, each read once on first use (the T5 backbone makes both before
    /// its first sublayer, whose dispose scope would otherwise free them).</summary>
    public HookContext(Func<torch.Tensor> userIndex, Func<RowRandom> random, bool training, torch.ScalarType computeDtype, torch.Device device)
    {
        _userIndex = userIndex;
        _random = random;
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

    /// <summary>The forward's random draws, keyed per row (see <see cref="RowRandom"/>): every dropout site, backbone
    /// and method alike, draws from here so a user's masks never depend on its batch mates. Training mode only: in eval
    /// mode nothing is dropped, and the backbone refuses the call (<see cref="Dropout"/> is safe in both).</summary>
    public RowRandom Random => _cachedRandom ??= _random();

    /// <summary>Dropout at <paramref name="site"/> (a name unique to the site, e.g. the module's HF name) when training;
    /// the input itself otherwise.</summary>
    public torch.Tensor Dropout(torch.Tensor x, double p, string site) => Training && p > 0 ? Random.Dropout(x, p, site) : x;
}
