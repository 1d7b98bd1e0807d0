using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using PeftU.Core.Adapters;
using static TorchSharp.torch;

namespace PeftU.Serving;

/// <summary>One method's bank with a slot per served user and spare slots for users added while serving. A user's
/// module is written only into a free slot and the user is pointed at it afterwards, so a failed load changes nothing
/// and a replaced module is never half-written. A full bank grows by attaching a bank twice the size and copying the
/// slots over. Only the engine's worker touches it, between forward passes.</summary>
internal sealed class SlotBank : IDisposable
{
    private readonly IPeftMethod _method;
    private readonly IBackboneHooks _backbone;
    private readonly long _seed;
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly Stack<int> _free = new();

    public SlotBank(IPeftMethod method, IBackboneHooks backbone, int capacity, long seed)
    {
        _method = method;
        _backbone = backbone;
        _seed = seed;
        (Recorder, Bank) = Attach(capacity);
        for (int slot = capacity - 1; slot >= 0; slot--)
            _free.Push(slot);
    }

    public HookRecorder Recorder { get; private set; }

    public IMethodBank Bank { get; private set; }

    public int Capacity => Bank.Users;

    public IReadOnlyCollection<string> Users => _slots.Keys;

    /// <summary>Bytes of one user's module (fp32 bank tensors).</summary>
    public long BytesPerUser => Bank.Tensors.Sum(t => t.PerUser * t.Bank.element_size());

    public long ParametersPerUser => Bank.Tensors.Sum(t => t.PerUser);

    public bool TryGetSlot(string user, out int slot) => _slots.TryGetValue(user, out slot);

    /// <summary>Loads a saved module (<c>adapter_model.safetensors</c> in <paramref name="folder"/>) for a user, adding
    /// or replacing it; on any error the bank serves exactly what it served before.</summary>
    public void Put(string user, string folder)
    {
        if (_free.Count == 0)
            Grow();
        int slot = _free.Pop();
        try
        {
            AdapterStore.Load(folder, Bank, slot);
        }
        catch
        {
            _free.Push(slot);
            throw;
        }
        if (_slots.TryGetValue(user, out int old))
            _free.Push(old);
        _slots[user] = slot;
    }

    public bool Remove(string user)
    {
        if (!_slots.Remove(user, out int slot))
            return false;
        _free.Push(slot);
        return true;
    }

    private (HookRecorder, IMethodBank) Attach(int capacity)
    {
        var recorder = new HookRecorder(_backbone);
        var bank = _method.Attach(recorder, capacity, _seed);
        MethodChecks.VerifyCount(_method, bank, _backbone.Dims);
        return (recorder, bank);
    }

    private void Grow()
    {
        int old = Capacity;
        var (recorder, bank) = Attach(old * 2);
        using (no_grad())
        {
            for (int t = 0; t < bank.Tensors.Count; t++)
                bank.Tensors[t].Bank.narrow(0, 0, old).copy_(Bank.Tensors[t].Bank);
        }
        Bank.Dispose();
        (Recorder, Bank) = (recorder, bank);
        for (int slot = old * 2 - 1; slot >= old; slot--)
            _free.Push(slot);
    }

    public void Dispose() => Bank.Dispose();
}
