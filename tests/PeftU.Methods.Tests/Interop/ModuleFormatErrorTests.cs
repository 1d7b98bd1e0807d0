using PeftU.Core.Adapters.Interop;
using static TorchSharp.torch;

namespace PeftU.Methods.Tests.Interop;

/// <summary>Folders peftu cannot read or layouts a method does not have: one line naming the file and field, and what
/// to do instead.</summary>
public sealed class ModuleFormatErrorTests
{
    [Fact]
    public void A_torch_pickle_is_refused_with_the_command_that_converts_it()
    {
        using var folders = new ModuleFolders();
        string folder = folders.Folder("hub");
        ForeignLayoutTests.WriteAdapterHub(folder, ForeignLayoutTests.SeqBnConfig, [], "");
        File.Delete(Path.Combine(folder, "adapter.safetensors"));
        File.WriteAllBytes(Path.Combine(folder, "pytorch_adapter.bin"), [0x80, 0x02]);
        var error = Assert.Throws<ModuleFormatException>(() => ModuleReader.Read(folder));
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith(Path.Combine(folder, "pytorch_adapter.bin") + ": a torch pickle", error.Message);
        Assert.Contains($"save_file({{k: v.contiguous() for k, v in torch.load('{Path.Combine(folder, "pytorch_adapter.bin")}', map_location='cpu', weights_only=True).items()}}, '{Path.Combine(folder, "adapter.safetensors")}')", error.Message);
    }

    [Theory]
    [InlineData("""{"peft_type": "LOHA", "task_type": "SEQ_2_SEQ_LM"}""", "peft_type LOHA has no peftu method (supported: LORA, IA3, PROMPT_TUNING, P_TUNING, PREFIX_TUNING)")]
    [InlineData("""{"peft_type": "LORA", "task_type": "CAUSAL_LM", "r": 4, "lora_alpha": 8, "target_modules": ["q"]}""", "task_type CAUSAL_LM")]
    [InlineData("""{"peft_type": "LORA", "r": 4, "lora_alpha": 8, "target_modules": ["q"], "use_dora": true}""", "field 'use_dora' is true; peftu's LoRA has no such variant")]
    [InlineData("""{"peft_type": "LORA", "r": 4, "lora_alpha": 8, "target_modules": ["q"], "bias": "all"}""", "field 'bias' is \"all\"")]
    [InlineData("""{"peft_type": "LORA", "r": "4", "lora_alpha": 8, "target_modules": ["q"]}""", "field 'r' must be an integer, found a string \"4\"")]
    [InlineData("""{"peft_type": "PROMPT_TUNING", "num_virtual_tokens": 3}""", "prompt_embeddings has 8 rows; num_virtual_tokens 3")]
    [InlineData("""{"peft_type": "PROMPT_TUNING", "num_virtual_tokens": 4, "num_transformer_submodules": 1}""", "num_transformer_submodules 1 expects 4")]
    [InlineData("""{"lora_alpha": 8}""", "neither HF peft's layout (a 'peft_type' field) nor AdapterHub's")]
    [InlineData("""{"peft_type": "LORA", """, "not valid JSON")]
    public void A_peft_folder_peftu_cannot_serve_names_the_field(string config, string message)
    {
        using var folders = new ModuleFolders();
        ForeignLayoutTests.WritePeft(folders.Folder("peft"), config, zeros(8, 32));
        var error = Assert.Throws<ModuleFormatException>(() => ModuleReader.Read(folders.Folder("peft")));
        Assert.Contains(message, error.Message);
        Assert.StartsWith(folders.Folder("peft"), error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("\"cross_adapter\": false", "\"cross_adapter\": true", "field 'config.cross_adapter' is true")]
    [InlineData("\"ln_after\": false", "\"ln_after\": true", "field 'config.ln_after' is true")]
    [InlineData("\"mh_adapter\": false", "\"mh_adapter\": true", "field 'config.original_ln_before' is true: a Houlsby adapter")]
    [InlineData("\"non_linearity\": \"relu\"", "\"non_linearity\": \"leakyrelu\"", "field 'config.non_linearity' is leakyrelu; peftu's adapters have relu, swish, silu, tanh, gelu")]
    [InlineData("\"scaling\": 1.0", "\"scaling\": \"learned\"", "field 'config.scaling' is \"learned\"")]
    [InlineData("\"architecture\": \"bottleneck\"", "\"architecture\": \"lora\"", "field 'config.architecture' is lora")]
    public void An_adapterhub_folder_peftu_cannot_serve_names_the_field(string from, string to, string message)
    {
        using var folders = new ModuleFolders();
        Assert.Contains(from, ForeignLayoutTests.SeqBnConfig);
        ForeignLayoutTests.WriteAdapterHub(folders.Folder("hub"), ForeignLayoutTests.SeqBnConfig.Replace(from, to, StringComparison.Ordinal), [], "");
        var error = Assert.Throws<ModuleFormatException>(() => ModuleReader.Read(folders.Folder("hub")));
        Assert.Contains(message, error.Message);
        Assert.StartsWith(Path.Combine(folders.Folder("hub"), "adapter_config.json"), error.Message);
    }

    [Fact]
    public void An_old_adapter_transformers_gelu_is_the_tanh_approximation_and_refused()
    {
        using var folders = new ModuleFolders();
        string config = ForeignLayoutTests.SeqBnConfig.Replace("\"relu\"", "\"gelu\"", StringComparison.Ordinal);
        ForeignLayoutTests.WriteAdapterHub(folders.Folder("hub"), config, [], "");
        string path = Path.Combine(folders.Folder("hub"), "adapter_config.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace(", \"version\": \"adapters.1.2.0\"", "", StringComparison.Ordinal));
        var error = Assert.Throws<ModuleFormatException>(() => ModuleReader.Read(folders.Folder("hub")));
        Assert.Contains("non_linearity' is gelu_new", error.Message);
    }

    [Fact]
    public void Weights_of_another_adapter_name_are_refused_naming_them()
    {
        using var folders = new ModuleFolders();
        ForeignLayoutTests.WriteAdapterHub(folders.Folder("hub"), ForeignLayoutTests.SeqBnConfig,
            new() { ["encoder.block.0.layer.1.down.weight"] = zeros(2, 32) }, "", name: "other");
        string path = Path.Combine(folders.Folder("hub"), "adapter_config.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"name\": \"other\"", "\"name\": \"mine\"", StringComparison.Ordinal));
        var error = Assert.Throws<ModuleFormatException>(() => ModuleReader.Read(folders.Folder("hub")));
        Assert.Contains("keys that are not bottleneck-adapter weights of adapter 'mine': encoder.block.0.layer.1.adapters.other.adapter_down.0.weight", error.Message);
    }

    [Theory]
    [InlineData("adapter-houlsby", "", "peft", "HF peft has no Houlsby/Pfeiffer bottleneck adapters; use --to adapterhub")]
    [InlineData("lora", "r=2", "adapterhub", "AdapterHub's layout here holds bottleneck adapters (adapter-houlsby, adapter-pfeiffer), not 'lora'")]
    [InlineData("prefix-tuning", "num_virtual_tokens=2;placement=all", "peft", "prefix-tuning with placement=all prefixes every attention")]
    public void A_layout_the_method_does_not_have_is_refused(string id, string options, string format, string message)
    {
        using var backbone = TinyFlanFixture.Load();
        using var folders = new ModuleFolders();
        ModuleFolders.SaveTrained(backbone, TestMethods.Create(id, options), folders.Folder("saved"));
        var error = Assert.Throws<ModuleFormatException>(() => ModuleFolders.Convert(folders.Folder("saved"), folders.Folder("out"), ModuleFormats.Parse(format)));
        Assert.Contains(message, error.Message);
        Assert.False(Directory.Exists(folders.Folder("out")), "nothing is written for a refused conversion");
    }

    [Fact]
    public void A_module_whose_options_do_not_fit_its_method_names_the_option_and_choices()
    {
        using var backbone = TinyFlanFixture.Load();
        using var folders = new ModuleFolders();
        string folder = folders.Folder("peft");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "adapter_config.json"), """{"peft_type": "LORA", "r": 4, "lora_alpha": 16, "target_modules": ["query", "v"]}""");
        File.Copy(Path.Combine(TinyFlanFixture.Adapter("lora"), "adapter_model.safetensors"), Path.Combine(folder, "adapter_model.safetensors"));
        using var module = ModuleReader.Read(folder);
        var error = Assert.Throws<ModuleFormatException>(() => ModuleLoader.Attach(TestMethods.Create("lora"), module, backbone.Model.Hooks));
        Assert.Contains($"{folder}: its options do not fit method 'lora': target_modules:", error.Message);
        Assert.Contains("query", error.Message);
    }

    [Fact]
    public void The_output_folder_must_be_new_or_empty()
    {
        using var backbone = TinyFlanFixture.Load();
        using var folders = new ModuleFolders();
        ModuleFolders.SaveTrained(backbone, TestMethods.Create("ia3"), folders.Folder("saved"));
        Directory.CreateDirectory(folders.Folder("out"));
        File.WriteAllText(Path.Combine(folders.Folder("out"), "keep.txt"), "mine");
        var error = Assert.Throws<ModuleFormatException>(() => ModuleFolders.Convert(folders.Folder("saved"), folders.Folder("out"), ModuleFormat.Peft));
        Assert.Equal($"{folders.Folder("out")}: exists and is not empty; write a module into a new or empty folder.", error.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folders.Folder("out"), "keep.txt")));
    }

    [Fact]
    public void A_bank_folder_of_many_users_says_to_pass_one_user()
    {
        using var backbone = TinyFlanFixture.Load();
        using var folders = new ModuleFolders();
        var method = TestMethods.Create("ia3");
        using (var bank = method.Attach(backbone.Model.Hooks, 2, 1))
            PeftU.Core.Adapters.AdapterStore.SaveBank(folders.Folder("bank"), method, bank, ["ann", "bob"]);
        var error = Assert.Throws<ModuleFormatException>(() => ModuleReader.Read(folders.Folder("bank")));
        Assert.Equal($"{folders.Folder("bank")}: holds the modules of 2 users (e.g. {Path.Combine(folders.Folder("bank"), "ann")}), not one module; pass one user's folder.", error.Message);
    }

    [Fact]
    public void The_existing_peft_fixtures_read_as_peft_modules()
    {
        using var lora = ModuleReader.Read(TinyFlanFixture.Adapter("lora"));
        Assert.Equal((ModuleFormat.Peft, "lora"), (lora.Format, lora.MethodId));
        Assert.Equal("4", lora.Options["r"]);
        using var ia3 = ModuleReader.Read(TinyFlanFixture.Adapter("ia3"));
        Assert.Equal((ModuleFormat.Peft, "ia3"), (ia3.Format, ia3.MethodId));
    }
}
