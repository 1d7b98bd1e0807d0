using PeftU.Abstractions.Methods;
using static TorchSharp.torch;

namespace PeftU.Core.Training;

/// <summary>Per-user snapshot of a bank's rows at each user's best validation loss (HF's load_best_model_at_end,
/// per user): <see cref="Keep"/> copies the improved users' rows, <see cref="Restore"/> puts every user's best back.</summary>
public sealed class BestRows : IDisposable
{
    private readonly IReadOnlyList<BankTensor> _tensors;
    private readonly Tensor[] _best;

    public BestRows(IReadOnlyList<BankTensor> tensors)
    {
        _tensors = tensors;
        using var noGrad = no_grad();
        _best = [.. tensors.Select(t => t.Bank.detach().clone().DetachFromDisposeScope())];
    }

    public void Keep(IReadOnlyList<bool> improved)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        for (int u = 0; u < improved.Count; u++)
        {
            if (!improved[u])
                continue;
            for (int i = 0; i < _tensors.Count; i++)
                _best[i][u].copy_(_tensors[i].Bank[u]);
        }
    }

    public void Restore()
    {
        using var noGrad = no_grad();
        for (int i = 0; i < _tensors.Count; i++)
            _tensors[i].Bank.copy_(_best[i]);
    }

    public void Dispose()
    {
        foreach (var t in _best)
            t.Dispose();
    }
}
