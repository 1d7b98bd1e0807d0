using System.Text.Json;
using PeftU.Abstractions;
using PeftU.Abstractions.IO;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using PeftU.Core.Adapters.Interop;
using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Adapters;

/// <summary>Saves and loads one user's module of a bank in HF peft's layout: <c>adapter_config.json</c> +
/// <c>adapter_model.safetensors</c> (one tensor per bank tensor, the user's slice in its saved shape and name).</summary>
public static class AdapterStore
{
    public const string ConfigFile = "adapter_config.json";
    public const string WeightsFile = "adapter_model.safetensors";

    /// <summary>Saves user <paramref name="user"/> of the bank. <paramref name="dims"/>, the backbone's, are recorded as
    /// <c>peftu_backbone</c> so the module can later be checked against a backbone or converted without one.</summary>
    public static void Save(string folder, IPeftMethod method, IMethodBank bank, int user, string? baseModel = null, BackboneDims? dims = null)
    {
        CheckUser(bank, user);
        using var scope = NewDisposeScope();
        var tensors = bank.Tensors.ToDictionary(t => t.Name, t => t.Bank[user].detach().reshape(t.SavedShape).to(ScalarType.Float32).cpu());
        WriteFolder(folder, Config(method, baseModel, dims), tensors);
    }

    /// <summary>This framework's config: the method's own (HF peft's keys where peft has the method) plus the plugin id,
    /// its options and the backbone dims, which make the module round-trip exactly.</summary>
    public static Dictionary<string, object?> Config(IPeftMethod method, string? baseModel, BackboneDims? dims)
    {
        var config = new Dictionary<string, object?>(method.AdapterConfig())
        {
            ["base_model_name_or_path"] = baseModel,
            ["inference_mode"] = true,
            ["peftu_method"] = method.Descriptor.Id,
            ["peftu_options"] = method.GetOptionValues(),
        };
        if (dims is not null)
            config["peftu_backbone"] = BackboneDimsJson.ToJson(dims);
        return config;
    }

    /// <summary>Writes <c>adapter_model.safetensors</c> then <c>adapter_config.json</c>, each atomically (the config last:
    /// a folder with a config is complete).</summary>
    public static void WriteFolder(string folder, IReadOnlyDictionary<string, object?> config, IReadOnlyDictionary<string, Tensor> tensors,
        string weightsFile = WeightsFile)
    {
        Directory.CreateDirectory(folder);
        SafetensorsWriter.Write(Path.Combine(folder, weightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        AtomicFile.WriteAllText(Path.Combine(folder, ConfigFile), JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Saves every user of a bank, each in <c>&lt;folder&gt;/&lt;user id&gt;/</c> (the layout of a single module, so
    /// each folder loads on its own, also in HF peft for LoRA/IA3/prompt tuning).</summary>
    public static void SaveBank(string folder, IPeftMethod method, IMethodBank bank, IReadOnlyList<string> userIds, string? baseModel = null,
        BackboneDims? dims = null)
    {
        if (userIds.Count != bank.Users)
            throw new ArgumentException($"{userIds.Count} user ids for a bank of {bank.Users} users.", nameof(userIds));
        var clash = userIds.GroupBy(UserFolder).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new ArgumentException($"user ids {string.Join(" and ", clash.Select(id => $"'{id}'"))} would share the folder '{clash.Key}'.", nameof(userIds));
        for (int u = 0; u < bank.Users; u++)
            Save(Path.Combine(folder, UserFolder(userIds[u])), method, bank, u, baseModel, dims);
    }

    /// <summary>Loads users saved by <see cref="SaveBank"/> into a bank (user u from <c>&lt;folder&gt;/&lt;userIds[u]&gt;/</c>).</summary>
    public static void LoadBank(string folder, IMethodBank bank, IReadOnlyList<string> userIds)
    {
        if (userIds.Count != bank.Users)
            throw new ArgumentException($"{userIds.Count} user ids for a bank of {bank.Users} users.", nameof(userIds));
        for (int u = 0; u < bank.Users; u++)
            Load(Path.Combine(folder, UserFolder(userIds[u])), bank, u);
    }

    /// <summary>A user id as a folder name: characters invalid in file names become '_'.</summary>
    public static string UserFolder(string userId) =>
        string.Concat(userId.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c == '.' && userId.Trim('.').Length == 0 ? '_' : c));

    /// <summary>Copies a saved module into user <paramref name="user"/> of the bank; names and shapes must match exactly
    /// (one error lists every missing, unexpected and mis-shaped tensor).</summary>
    public static void Load(string folder, IMethodBank bank, int user)
    {
        CheckUser(bank, user);
        string path = Path.Combine(folder, WeightsFile);
        if (!File.Exists(path))
            throw new BackboneException($"{folder}: no {WeightsFile} there.");
        using var reader = SafetensorsReader.Open(path);
        CopyInto(bank, user, reader.Entries.ToDictionary(e => e.Key, e => e.Value.Shape), reader.Read, path);
    }

    /// <summary>Copies named tensors (a module read in any layout) into user <paramref name="user"/> of the bank, with
    /// the same exact name and shape check as <see cref="Load"/>; <paramref name="source"/> names them in errors.</summary>
    public static void CopyInto(IMethodBank bank, int user, IReadOnlyDictionary<string, Tensor> tensors, string source) =>
        CopyInto(bank, user, tensors.ToDictionary(t => t.Key, t => t.Value.shape), name => tensors[name], source);

    private static void CopyInto(IMethodBank bank, int user, IReadOnlyDictionary<string, long[]> shapes, Func<string, Tensor> read, string source)
    {
        CheckUser(bank, user);
        var problems = TensorNameMatch.Problems(
            bank.Tensors.ToDictionary(t => t.Name, t => t.SavedShape), shapes, [], "in the file", "for these options");
        if (problems.Count > 0)
            throw new BackboneException($"{source}: does not match the method's module —\n  " + string.Join("\n  ", problems));
        using var noGrad = no_grad();
        foreach (var tensor in bank.Tensors)
        {
            using var scope = NewDisposeScope();
            var slice = tensor.Bank[user];
            slice.copy_(read(tensor.Name).to(slice.dtype).to(slice.device).reshape(slice.shape));
        }
    }

    private static void CheckUser(IMethodBank bank, int user)
    {
        if (user < 0 || user >= bank.Users)
            throw new ArgumentOutOfRangeException(nameof(user), user, $"the bank holds users 0..{bank.Users - 1}.");
    }
}
