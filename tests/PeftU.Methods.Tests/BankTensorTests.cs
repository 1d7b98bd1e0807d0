using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests;

/// <summary><see cref="BankTensor.Rows"/> takes <c>index_select</c> on the CPU and advanced indexing elsewhere: on the
/// CPU its values and its gradient into the bank (rows of one user summed, users left out zero) must be those of
/// <c>Bank[userIndex]</c>, bit for bit, so a user trains the same whichever kernel ran.</summary>
public sealed class BankTensorTests
{
    [Fact]
    public void Cpu_rows_equal_advanced_indexing_in_values_and_gradients()
    {
        var bank = new BankTensor("lora_A.weight", new Parameter(randn(5, 3, 4, generator: new Generator(1))), [3, 4]);
        // Repeated users, out of order, and users 1 and 3 absent: their gradient must stay zero.
        var userIndex = tensor(new long[] { 2, 2, 0, 4, 2, 0 });
        var upstream = randn(6, 3, 4, generator: new Generator(2));

        var rows = bank.Rows(userIndex);
        var reference = bank.Bank[userIndex];
        var grad = autograd.grad([rows], [bank.Bank], [upstream])[0];
        var referenceGrad = autograd.grad([reference], [bank.Bank], [upstream])[0];

        Assert.Equal([6L, 3, 4], rows.shape);
        Assert.True(rows.eq(reference).all().item<bool>());
        Assert.True(grad.eq(referenceGrad).all().item<bool>());
        Assert.Equal(0f, grad[1].abs().sum().item<float>() + grad[3].abs().sum().item<float>());
        Assert.True(grad[2].allclose(upstream[0].Plus(upstream[1]).Plus(upstream[4]), rtol: 0, atol: 1e-6));
    }
}
