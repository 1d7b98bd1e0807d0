using PeftU.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Tests;

/// <summary>Real torch ops in the test process: proves libtorch loads here (the Debian 12 patch works) and computes.</summary>
public sealed class TorchOpsTests
{
    public TorchOpsTests() => TorchRuntime.Initialize();

    [Fact]
    public void Matmul_matches_hand_computed_values()
    {
        using var scope = NewDisposeScope();
        Tensor a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        Tensor b = tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);

        float[] product = a.matmul(b).data<float>().ToArray();

        Assert.Equal(new float[] { 19, 22, 43, 50 }, product);
    }

    [Fact]
    public void Autograd_backward_gives_analytic_gradients()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(new float[] { 1, -2, 3 }).requires_grad_();

        Tensor y = (x * x * x).sum();   // dy/dx = 3x²
        y.backward();

        Assert.Equal(new float[] { 3, 12, 27 }, x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Bf16_matmul_agrees_with_fp32_within_bf16_precision()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        Tensor a = randn([64, 96], generator: generator);
        Tensor b = randn([96, 48], generator: generator);

        Tensor exact = a.matmul(b);
        Tensor half = a.to(ScalarType.BFloat16).matmul(b.to(ScalarType.BFloat16));

        Assert.Equal(ScalarType.BFloat16, half.dtype);
        // bf16 keeps 8 mantissa bits: relative error of a 96-term dot product stays near 2^-8 of its scale.
        double relative = ((half.to(ScalarType.Float32) - exact).abs().max() / exact.abs().max()).item<float>();
        Assert.InRange(relative, 0.0, 0.02);
        Assert.True(relative > 0.0, "bf16 result should not be bit-identical to fp32; the matmul did not run in bf16");
    }

    [Fact]
    public void Thread_count_is_set_at_start_up()
    {
        Assert.True(TorchRuntime.Threads >= 1);
    }
}
