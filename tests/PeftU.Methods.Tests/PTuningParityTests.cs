using PeftU.Abstractions.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests;

/// <summary>The banked prompt encoder computes what torch's own nn.LSTMCell / nn.Linear compute with the same weights:
/// the encoder output with P-tuning attached equals the one with that reference prompt prepended by hand.</summary>
public sealed class PTuningParityTests
{
    [Theory]
    [InlineData("encoder_hidden_size=6;encoder_num_layers=2;num_virtual_tokens=3")]
    [InlineData("encoder_reparameterization_type=mlp;encoder_hidden_size=6;num_virtual_tokens=3")]
    public void Banked_prompt_encoder_matches_torch_modules(string options)
    {
        using var backbone = TinyFlanFixture.Load();
        var model = backbone.Model;
        var (ids, mask) = TinyFlanFixture.Prompts(TinyFlanFixture.Expected("lora"));
        var method = TestMethods.Create("p-tuning", options);
        Tensor withMethod;
        Tensor reference;
        using (var bank = method.Attach(model.Hooks, users: 1, seed: 9))
        {
            using var noGrad = no_grad();
            withMethod = model.Encode(ids, mask).Hidden.clone();
            var w = bank.Tensors.ToDictionary(t => t.Name, t => t.Bank[0].detach().clone());
            reference = options.Contains("mlp") ? Mlp(w) : Lstm(w, model.Config.DModel, 6, 2);
        }
        using (model.Hooks.SetEncoderEmbeddingPrefix((x, _) => reference.unsqueeze(0).expand(x.shape[0], -1, -1)))
        using (no_grad())
        {
            var expected = model.Encode(ids, mask).Hidden;
            double diff = (expected - withMethod).abs().max().item<float>();
            Assert.True(expected.allclose(withMethod, rtol: 0, atol: 1e-5), $"max |expected - with method| = {diff}");
        }
    }

    private static Tensor Mlp(Dictionary<string, Tensor> w)
    {
        var x = w["prompt_encoder.embedding.weight"];
        Tensor Layer(string name, Tensor input) => nn.functional.linear(input, w[$"{name}.weight"], w[$"{name}.bias"]);
        return Layer("prompt_encoder.mlp_head.4", Layer("prompt_encoder.mlp_head.2", Layer("prompt_encoder.mlp_head.0", x).relu()).relu());
    }

    /// <summary>The bidirectional LSTM stepped with torch's <c>nn.LSTMCell</c>, layer by layer and direction by
    /// direction. Not <c>nn.LSTM</c>: its fused oneDNN kernel (brgemm:avx512_core, libtorch of TorchSharp 0.107) gives
    /// wrong outputs on an AMD EPYC with avx512_bf16 (off by up to 0.99 against the textbook recurrence, which
    /// ONEDNN_MAX_CPU_ISA=AVX2 restores), so it cannot be the reference on every CPU that runs these tests.</summary>
    private static Tensor Lstm(Dictionary<string, Tensor> w, int d, int hidden, int layers)
    {
        var x = w["prompt_encoder.embedding.weight"];
        for (int layer = 0; layer < layers; layer++)
            x = cat([Direction(x, layer, "", layer == 0 ? d : 2 * hidden), Direction(x, layer, "_reverse", layer == 0 ? d : 2 * hidden)], 1);
        Tensor Layer(string name, Tensor input) => nn.functional.linear(input, w[$"{name}.weight"], w[$"{name}.bias"]);
        return Layer("prompt_encoder.mlp_head.2", Layer("prompt_encoder.mlp_head.0", x).relu());

        Tensor Direction(Tensor input, int layer, string suffix, int inputSize)
        {
            using var cell = nn.LSTMCell(inputSize, hidden);
            using (no_grad())
            {
                foreach (var (name, parameter) in cell.named_parameters())
                    parameter.copy_(w[$"prompt_encoder.lstm_head.{name}_l{layer}{suffix}"]);
            }
            long steps = input.shape[0];
            var h = zeros(1, hidden);
            var c = zeros(1, hidden);
            var outputs = new Tensor[steps];
            for (long i = 0; i < steps; i++)
            {
                long t = suffix.Length == 0 ? i : steps - 1 - i;
                (h, c) = cell.forward(input[t].unsqueeze(0), (h, c));
                outputs[t] = h.squeeze(0);
            }
            return stack(outputs, 0);
        }
    }
}
