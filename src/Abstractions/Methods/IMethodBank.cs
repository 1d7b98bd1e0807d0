namespace PeftU.Abstractions.Methods;

/// <summary>The trainable modules of <see cref="Users"/> users, attached to a backbone. Row r of a batch uses the slice
/// of user <c>HookContext.UserIndex[r]</c>. Disposing detaches every hook and frees the tensors.</summary>
public interface IMethodBank : IDisposable
{
    int Users { get; }

    IReadOnlyList<BankTensor> Tensors { get; }
}
