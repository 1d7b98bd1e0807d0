using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Methods.PTuning;

/// <summary>Per-user linear layers and LSTMs over a bank (leading user dimension), batched with bmm.</summary>
internal sealed class BankLayers(MethodBank bank, int users, Generator generator, Device device)
{
    public (BankTensor Weight, BankTensor Bias) Linear(string name, int input, int output) =>
        (Add($"{name}.weight", [output, input], input), Add($"{name}.bias", [output], input));

    /// <summary>x [U, T, in] → [U, T, out].</summary>
    public static Tensor Apply((BankTensor Weight, BankTensor Bias) layer, Tensor x) =>
        bmm(x, layer.Weight.Bank.transpose(1, 2)).Plus(layer.Bias.Bank.unsqueeze(1));

    public LstmLayer Lstm(string name, int layer, int input, int hidden, string suffix) => new(
        Add($"{name}.weight_ih_l{layer}{suffix}", [4 * hidden, input], hidden),
        Add($"{name}.weight_hh_l{layer}{suffix}", [4 * hidden, hidden], hidden),
        Add($"{name}.bias_ih_l{layer}{suffix}", [4 * hidden], hidden),
        Add($"{name}.bias_hh_l{layer}{suffix}", [4 * hidden], hidden));

    /// <summary>PyTorch's default init U(−1/√fan, 1/√fan), the same for every user.</summary>
    private BankTensor Add(string name, long[] shape, int fan) =>
        bank.Add(new BankTensor(name, BankInit.Replicate(users, BankInit.Uniform(shape, fan, generator), device), shape));
}

/// <summary>One direction of one LSTM layer: gates in PyTorch's order (input, forget, cell, output).</summary>
internal sealed record LstmLayer(BankTensor WeightIh, BankTensor WeightHh, BankTensor BiasIh, BankTensor BiasHh)
{
    /// <summary>x [U, T, in] → [U, T, hidden], reading the sequence backwards when <paramref name="reverse"/>.
    /// In a dispose scope of its own, whoever calls it: TorchSharp passes a tensor's raw handle to libtorch, so a
    /// temporary that only a native call still uses (<c>gates</c> in <c>gates.chunk</c>) could otherwise be finalized
    /// during that call by a collection on another thread (docs/architecture.md §4).</summary>
    public Tensor Run(Tensor x, bool reverse)
    {
        using var scope = NewDisposeScope();
        long users = x.shape[0], steps = x.shape[1], hidden = WeightHh.Bank.shape[2];
        var h = zeros(users, hidden, device: x.device);
        var c = zeros(users, hidden, device: x.device);
        var inputs = bmm(x, WeightIh.Bank.transpose(1, 2)).Plus(BiasIh.Bank.Plus(BiasHh.Bank).unsqueeze(1)); // [U, T, 4h]
        var outputs = new Tensor[steps];
        for (long i = 0; i < steps; i++)
        {
            long t = reverse ? steps - 1 - i : i;
            var gates = inputs[.., t, ..].Plus(bmm(h.unsqueeze(1), WeightHh.Bank.transpose(1, 2)).squeeze(1));
            var chunks = gates.chunk(4, 1);
            c = (chunks[1].sigmoid() * c).Plus(chunks[0].sigmoid() * chunks[2].tanh());
            h = chunks[3].sigmoid() * c.tanh();
            outputs[t] = h;
        }
        return stack(outputs, 1).MoveToOuterDisposeScope();
    }
}
