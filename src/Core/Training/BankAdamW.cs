using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Training;

/// <summary>AdamW over method banks with the bookkeeping of one optimizer per user (docs/architecture.md §3): each user has its own
/// step counter (bias correction), learning rate, gradient-norm clip and moments, and a user with no rows in a batch
/// is left exactly as it was — no moment decay, no weight decay. Torch's AdamW over a bank tensor would instead share
/// one step counter and decay every row each step, so a user's result would depend on its bank-mates.
/// Math as <c>torch.optim.AdamW</c> (β 0.9/0.999, ε 1e-8) after HF Trainer's <c>clip_grad_norm_(max_norm)</c>;
/// weight decay skips bias tensors, as HF Trainer's decay-parameter rule does.</summary>
public sealed class BankAdamW : IDisposable
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private readonly IReadOnlyList<BankTensor> _tensors;
    private readonly Tensor[] _m, _v;
    private readonly int[] _steps;
    private readonly double _weightDecay, _maxGradNorm;

    private readonly bool _decayBias;

    // decayBias: decay bias tensors too, as torch AdamW over every tensor (the original's peft path); false skips them,
    // as HF Trainer's decay-parameter rule. maxGradNorm 0: no clipping (the peft path).
    public BankAdamW(IReadOnlyList<BankTensor> tensors, int users, double weightDecay, double maxGradNorm = 1.0, bool decayBias = false)
    {
        _decayBias = decayBias;
        _tensors = tensors;
        _m = [.. tensors.Select(t => zeros_like(t.Bank).DetachFromDisposeScope())];
        _v = [.. tensors.Select(t => zeros_like(t.Bank).DetachFromDisposeScope())];
        _steps = new int[users];
        _weightDecay = weightDecay;
        _maxGradNorm = maxGradNorm;
    }

    /// <summary>Steps taken by each user so far.</summary>
    public IReadOnlyList<int> Steps => _steps;

    /// <summary>One step for the users with <paramref name="learningRates"/>[u] not null (the users that had rows in the
    /// batch); the others are untouched. Gradients are read from the bank tensors and cleared afterwards.</summary>
    public void Step(IReadOnlyList<double?> learningRates)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        int users = _steps.Length;
        var device = _tensors.Count > 0 ? _tensors[0].Bank.device : CPU;
        var active = new bool[users];
        var lr = new double[users];
        var correction1 = new double[users];
        var correction2 = new double[users];
        for (int u = 0; u < users; u++)
        {
            if (learningRates[u] is not { } rate)
                continue;
            active[u] = true;
            lr[u] = rate;
            int t = ++_steps[u];
            correction1[u] = 1 - Math.Pow(Beta1, t);
            correction2[u] = 1 - Math.Pow(Beta2, t);
        }
        var clip = ClipCoefficients(device);
        for (int i = 0; i < _tensors.Count; i++)
        {
            var p = _tensors[i].Bank;
            if (p.grad is not { } grad)
                continue;
            // One scope per tensor: its ~10 bank-sized temporaries are freed before the next tensor's, so a step's peak
            // is the state plus one tensor's temporaries, not every tensor's (that made each user cost 21× its
            // parameter bytes instead of ~5×: benchmarks/README.md, memory).
            using var tensorScope = NewDisposeScope();
            long[] perUser = [users, .. Enumerable.Repeat(1L, (int)p.dim() - 1)];
            Tensor Column(double[] values) => tensor(values, dtype: ScalarType.Float32, device: device).view(perUser);
            // Inactive users are masked with masked_fill rather than where (no meta kernel; the placement tests run
            // there): an inactive user's update is 0/0 (no bias correction yet) and is replaced, not multiplied.
            var inactive = tensor(active.Select(a => !a).ToArray(), device: device).view(perUser);
            var isActive = tensor(active, device: device).view(perUser);
            var g = grad.to(ScalarType.Float32) * clip.view(perUser);
            var lrs = Column(lr);
            if (_weightDecay > 0 && (_decayBias || !_tensors[i].Name.Contains("bias", StringComparison.Ordinal)))
                p.mul_((lrs * TorchScalars.Of(_weightDecay)).OneMinus()); // lr is 0 for inactive users: factor 1
            // Temporaries are freed as soon as they are used and the masking is in place, so at most four bank-sized
            // temporaries live at once (a single-tensor method such as prompt tuning pays them per user); the
            // arithmetic is the same as with fresh tensors.
            var m = _m[i].mul(TorchScalars.Of(Beta1)).add_(g, alpha: TorchScalars.Of(1 - Beta1));
            var v = _v[i].mul(TorchScalars.Of(Beta2)).addcmul_(g, g, value: TorchScalars.Of(1 - Beta2));
            g.Dispose();
            var root = v.sqrt();
            var denominator = (root / Column(correction2).sqrt()).add_(TorchScalars.Of(Epsilon), TorchScalars.One);
            root.Dispose();
            var ratio = m / denominator;
            denominator.Dispose();
            var update = ratio.mul_(lrs / Column(correction1.Select(c => c == 0 ? 1 : c).ToArray())).masked_fill_(inactive, TorchScalars.Of(0));
            p.sub_(update.to(p.dtype));
            update.Dispose();
            _m[i].masked_fill_(isActive, TorchScalars.Of(0)).PlusInPlace(m.masked_fill_(inactive, TorchScalars.Of(0)));
            _v[i].masked_fill_(isActive, TorchScalars.Of(0)).PlusInPlace(v.masked_fill_(inactive, TorchScalars.Of(0)));
            m.Dispose();
            v.Dispose();
            grad.zero_();
        }
    }

    /// <summary>Per user: min(1, max_norm / (‖g_u‖ + 1e-6)) over all of the user's gradient elements (torch's clip rule).</summary>
    private Tensor ClipCoefficients(Device device)
    {
        var squares = zeros(_steps.Length, dtype: ScalarType.Float32, device: device);
        foreach (var t in _tensors)
        {
            if (t.Bank.grad is not { } grad)
                continue;
            using var tensorScope = NewDisposeScope();
            squares.PlusInPlace(grad.to(ScalarType.Float32).pow(TorchScalars.Of(2)).flatten(1).sum(1));  // not square(): TorchSharp makes it pow with a temporary Scalar
        }
        if (_maxGradNorm <= 0)
            return ones_like(squares);
        return squares.sqrt().add(TorchScalars.Of(1e-6), TorchScalars.One).reciprocal().mul(TorchScalars.Of(_maxGradNorm)).clamp_max(TorchScalars.Of(1.0));
    }

    public void Dispose()
    {
        foreach (var t in _m.Concat(_v))
            t.Dispose();
    }
}
