using PeftU.Abstractions;
using PeftU.Core.Tokenization;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests;

/// <summary>Prompt tuning's text initialisation (peft TEXT): the text's token embeddings, repeated to the prompt length.</summary>
public sealed class PromptInitTests
{
    [Fact]
    public void Text_init_copies_the_texts_token_embeddings_repeated_to_the_prompt_length()
    {
        using var backbone = TinyFlanFixture.Load();
        var method = TestMethods.Create("prompt-tuning", "prompt_init=text;prompt_init_text=Classify hate;num_virtual_tokens=5");
        using var bank = method.Attach(backbone.Model.Hooks, users: 2, seed: 1);
        var ids = T5Tokenizer.FromFolder(TinyFlanFixture.Dir).Encode("Classify hate")[..^1]; // without EOS
        var expected = backbone.Model.Hooks.SharedEmbedding.index_select(0, tensor(Enumerable.Range(0, 5).Select(i => (long)ids[i % ids.Length]).ToArray()));
        Assert.True(bank.Tensors[0].Bank[1].equal(expected).all().item<bool>());
    }

    [Fact]
    public void Text_init_without_a_text_names_the_option()
    {
        using var backbone = TinyFlanFixture.Load();
        var method = TestMethods.Create("prompt-tuning", "prompt_init=text");
        var error = Assert.Throws<PluginOptionException>(() => method.Attach(backbone.Model.Hooks, 1, 1));
        Assert.Contains("prompt_init_text: prompt_init=text needs a non-empty prompt_init_text", error.Message);
    }
}
