namespace PeftU.Abstractions.Methods;

/// <summary>The usual bank: its tensors plus the hook handles to detach. Methods fill it while attaching.</summary>
public sealed class MethodBank(int users) : IMethodBank
{
    private readonly List<BankTensor> _tensors = [];
    private readonly List<IDisposable> _handles = [];

    public int Users { get; } = users > 0 ? users : throw new ArgumentOutOfRangeException(nameof(users), users, "a bank holds at least one user.");

    public IReadOnlyList<BankTensor> Tensors => _tensors;

    public BankTensor Add(BankTensor tensor)
    {
        if (tensor.Bank.shape[0] != Users)
            throw new ArgumentException($"{tensor.Name}: leading dimension {tensor.Bank.shape[0]} is not the bank's {Users} users.");
        _tensors.Add(tensor);
        return tensor;
    }

    public void Hook(IDisposable handle) => _handles.Add(handle);

    public void Dispose()
    {
        foreach (var handle in _handles)
            handle.Dispose();
        _handles.Clear();
        foreach (var tensor in _tensors)
            tensor.Bank.Dispose();
        _tensors.Clear();
    }
}
