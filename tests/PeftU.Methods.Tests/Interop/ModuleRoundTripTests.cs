using System.Text.Json;
using PeftU.Core.Adapters.Interop;
using PeftU.Core.Checkpoints;

namespace PeftU.Methods.Tests.Interop;

/// <summary>Every trained method in every layout it has: save in this framework's layout, convert, read back, and the
/// tiny-flan logits are the module's own (1e-5); converting back to peftu's layout keeps them too.</summary>
public sealed class ModuleRoundTripTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "lora", "r=4;lora_alpha=16;target_modules=q,k,v,o,wi_0,wo", "peftu" },
        { "lora", "r=4;lora_alpha=16;target_modules=q,k,v,o,wi_0,wo", "peft" },
        { "ia3", "", "peftu" },
        { "ia3", "", "peft" },
        { "prompt-tuning", "num_virtual_tokens=5", "peftu" },
        { "prompt-tuning", "num_virtual_tokens=5", "peft" },
        { "prompt-tuning", "num_virtual_tokens=5;prompt_init=text;prompt_init_text=hateful or not", "peft" },
        { "p-tuning", "num_virtual_tokens=4;encoder_hidden_size=8", "peftu" },
        { "p-tuning", "num_virtual_tokens=4;encoder_hidden_size=8", "peft" },
        { "p-tuning", "num_virtual_tokens=4;encoder_hidden_size=8;encoder_reparameterization_type=mlp", "peft" },
        { "prefix-tuning", "num_virtual_tokens=3", "peftu" },
        { "prefix-tuning", "num_virtual_tokens=3", "peft" },
        { "prefix-tuning", "num_virtual_tokens=3;prefix_projection=true;encoder_hidden_size=16", "peft" },
        { "prefix-tuning", "num_virtual_tokens=3;placement=all", "peftu" },
        { "adapter-houlsby", "reduction_factor=4", "peftu" },
        { "adapter-houlsby", "reduction_factor=4", "adapterhub" },
        { "adapter-houlsby", "bottleneck_size=5;non_linearity=gelu", "adapterhub" },
        { "adapter-pfeiffer", "reduction_factor=4", "peftu" },
        { "adapter-pfeiffer", "reduction_factor=4", "adapterhub" },
        { "adapter-pfeiffer", "bottleneck_size=3;adapter_input=residual", "adapterhub" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Converted_module_gives_the_same_outputs(string id, string options, string format)
    {
        using var backbone = TinyFlanFixture.Load();
        using var folders = new ModuleFolders();
        var expected = ModuleFolders.SaveTrained(backbone, TestMethods.Create(id, options), folders.Folder("saved"));
        ModuleFolders.AssertSame(expected, ModuleFolders.LogitsWith(backbone, folders.Folder("saved")));
        Assert.False(expected.allclose(ModuleFolders.LogitsWithout(backbone), rtol: 0, atol: 1e-3), "the module must change the outputs");

        ModuleFolders.Convert(folders.Folder("saved"), folders.Folder("converted"), ModuleFormats.Parse(format));
        using (var converted = ModuleReader.Read(folders.Folder("converted")))
            Assert.Equal(ModuleFormats.Parse(format), converted.Format);
        ModuleFolders.AssertSame(expected, ModuleFolders.LogitsWith(backbone, folders.Folder("converted")));

        ModuleFolders.Convert(folders.Folder("converted"), folders.Folder("back"), ModuleFormat.Peftu);
        ModuleFolders.AssertSame(expected, ModuleFolders.LogitsWith(backbone, folders.Folder("back")));
    }

    [Fact]
    public void Peft_files_carry_only_peft_keys_and_the_layout_peft_loads()
    {
        using var backbone = TinyFlanFixture.Load();
        using var folders = new ModuleFolders();
        ModuleFolders.SaveTrained(backbone, TestMethods.Create("p-tuning", "num_virtual_tokens=4;encoder_hidden_size=8"), folders.Folder("saved"));
        var notes = ModuleFolders.Convert(folders.Folder("saved"), folders.Folder("peft"), ModuleFormat.Peft);
        Assert.Contains(notes, n => n.Contains("prompt encoder output", StringComparison.Ordinal));

        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folders.Folder("peft"), "adapter_config.json"))).RootElement;
        Assert.Equal("P_TUNING", config.GetProperty("peft_type").GetString());
        Assert.Equal(1, config.GetProperty("num_transformer_submodules").GetInt32());
        Assert.True(config.GetProperty("inference_mode").GetBoolean());
        Assert.DoesNotContain(config.EnumerateObject(), p => p.Name.StartsWith("peftu", StringComparison.Ordinal));
        using var weights = SafetensorsReader.Open(Path.Combine(folders.Folder("peft"), "adapter_model.safetensors"));
        Assert.Equal(["prompt_embeddings"], weights.Entries.Keys);
        Assert.Equal([4L, 32L], weights.Entries["prompt_embeddings"].Shape);

        using var loaded = ModuleReader.Read(folders.Folder("peft"));
        Assert.Equal("prompt-tuning", loaded.MethodId);
        Assert.Contains(loaded.Notes, n => n.Contains("fixed virtual tokens", StringComparison.Ordinal));
    }

    [Fact]
    public void AdapterHub_files_name_every_weight_by_adapter_and_sublayer()
    {
        using var backbone = TinyFlanFixture.Load();
        using var folders = new ModuleFolders();
        ModuleFolders.SaveTrained(backbone, TestMethods.Create("adapter-houlsby", "bottleneck_size=5"), folders.Folder("saved"));
        using (var module = ModuleReader.Read(folders.Folder("saved")))
            ModuleWriter.Write(module, folders.Folder("hub"), ModuleFormat.AdapterHub, TestMethods.Create(module.MethodId), null, adapterName: "user_7");

        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folders.Folder("hub"), "adapter_config.json"))).RootElement;
        Assert.Equal("user_7", config.GetProperty("name").GetString());
        var adapter = config.GetProperty("config");
        Assert.True(adapter.GetProperty("mh_adapter").GetBoolean());
        Assert.False(adapter.GetProperty("original_ln_before").GetBoolean());
        double factor = adapter.GetProperty("reduction_factor").GetDouble();
        Assert.Equal(5, (int)Math.Floor(32 / factor)); // AdapterHub's int(hidden_size // reduction_factor)
        using var weights = SafetensorsReader.Open(Path.Combine(folders.Folder("hub"), "adapter.safetensors"));
        // encoder: layer.0 self-attention, layer.1 feed-forward; decoder: layer.0 self, layer.2 feed-forward (cross untouched)
        Assert.Contains("encoder.block.1.layer.1.adapters.user_7.adapter_down.0.weight", weights.Entries.Keys);
        Assert.Contains("decoder.block.0.layer.2.adapters.user_7.adapter_up.bias", weights.Entries.Keys);
        Assert.Contains("decoder.block.0.layer.0.adapters.user_7.adapter_up.weight", weights.Entries.Keys);
        Assert.DoesNotContain(weights.Entries.Keys, k => k.Contains(".layer.1.", StringComparison.Ordinal) && k.StartsWith("decoder", StringComparison.Ordinal));
        Assert.Equal(2 * 2 * 4 * 2, weights.Entries.Count); // 2 stacks × 2 blocks × 2 sites × 4 tensors
        Assert.Equal([5L, 32L], weights.Entries["encoder.block.0.layer.0.adapters.user_7.adapter_down.0.weight"].Shape);
    }

    [Fact]
    public void Modules_saved_without_backbone_dims_convert_where_their_tensors_suffice()
    {
        using var backbone = TinyFlanFixture.Load();
        using var folders = new ModuleFolders();
        var expected = ModuleFolders.SaveTrained(backbone, TestMethods.Create("p-tuning", "num_virtual_tokens=4;encoder_hidden_size=8"), folders.Folder("ptuning"), recordDims: false);
        ModuleFolders.Convert(folders.Folder("ptuning"), folders.Folder("ptuning-peft"), ModuleFormat.Peft);
        ModuleFolders.AssertSame(expected, ModuleFolders.LogitsWith(backbone, folders.Folder("ptuning-peft")));

        expected = ModuleFolders.SaveTrained(backbone, TestMethods.Create("prefix-tuning", "num_virtual_tokens=3;prefix_projection=true;encoder_hidden_size=16"), folders.Folder("prefix"), recordDims: false);
        var error = Assert.Throws<ModuleFormatException>(() => ModuleFolders.Convert(folders.Folder("prefix"), folders.Folder("prefix-peft"), ModuleFormat.Peft));
        Assert.Equal($"{folders.Folder("prefix")}: computing a projected prefix needs the backbone's dims (its layer count): pass --backbone-config FILE.", error.Message);
        ModuleFolders.Convert(folders.Folder("prefix"), folders.Folder("prefix-peft"), ModuleFormat.Peft, backbone.Model.Hooks.Dims);
        ModuleFolders.AssertSame(expected, ModuleFolders.LogitsWith(backbone, folders.Folder("prefix-peft")));
    }

    [Theory]
    [InlineData(32, 5)]
    [InlineData(768, 7)]
    [InlineData(768, 48)]
    [InlineData(1024, 333)]
    public void The_reduction_factor_gives_the_bottleneck_back_under_floor_division(int d, int bottleneck)
    {
        double factor = AdapterHubFiles.ReductionFactorFor(d, bottleneck);
        Assert.Equal(bottleneck, (int)Math.Floor(d / factor));
    }
}
