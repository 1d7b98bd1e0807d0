using PeftU.Abstractions.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests;

/// <summary>The banked prompt encoder computes what torch's own nn.LSTM / nn.Linear compute with the same weights:
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
            Assert.True(expected.allclose(withMethod, rtol: 0, atol: 1e-5));
        }
    }

    private static Tensor Mlp(Dictionary<string, Tensor> w)
    {
        var x = w["prompt_encoder.embedding.weight"];
        Tensor Layer(string name, Tensor input) => nn.functional.linear(input, w[$"{name}.weight"], w[$"{name}.bias"]);
        return Layer("prompt_encoder.mlp_head.4", Layer("prompt_encoder.mlp_head.2", Layer("prompt_encoder.mlp_head.0", x).relu()).relu());
    }

    private static Tensor Lstm(Dictionary<string, Tensor> w, int d, int hidden, int layers)
    {
        using var lstm = nn.LSTM(d, hidden, numLayers: layers, bidirectional: true, batchFirst: true);
        using (no_grad())
        {
            foreach (var (name, parameter) in lstm.named_parameters())
                parameter.copy_(w["prompt_encoder.lstm_head." + name]);
        }
        var (output, _, _) = lstm.forward(w["prompt_encoder.embedding.weight"].unsqueeze(0));
        var x = output.squeeze(0);
        Tensor Layer(string name, Tensor input) => nn.functional.linear(input, w[$"{name}.weight"], w[$"{name}.bias"]);
        return Layer("prompt_encoder.mlp_head.2", Layer("prompt_encoder.mlp_head.0", x).relu());
    }
}
