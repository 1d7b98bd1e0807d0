using PeftU.Core.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Checkpoints;

/// <summary>Loads an HF T5 checkpoint folder into a <see cref="T5Model"/>: strict name and shape matching (one error
/// listing every missing, unexpected and mis-shaped tensor), stored F32/BF16/F16 converted to the compute dtype.</summary>
public static class T5CheckpointLoader
{
    /// <summary>Copies HF keeps of the shared embedding (tied weights); accepted when present, never required.</summary>
    private static readonly string[] TiedCopies = ["encoder.embed_tokens.weight", "decoder.embed_tokens.weight"];

    /// <summary>Loads the folder's config, weights and (when present, or required) tokenizer; a required tokenizer is
    /// checked before any weight is read. <paramref name="keptDtype"/>, when given, is used as is instead of resolving
    /// <paramref name="dtype"/> (a resumed run keeps the dtype its records were made with).</summary>
    public static LoadedBackbone Load(string folder, BackboneDtype dtype = BackboneDtype.Auto, Device? device = null, bool requireTokenizer = false,
        DtypeChoice? keptDtype = null)
    {
        device ??= CPU;
        Tokenization.T5Tokenizer? tokenizer = requireTokenizer || Tokenization.T5Tokenizer.IsIn(folder) ? Tokenization.T5Tokenizer.FromFolder(folder) : null;
        var config = T5Config.Load(Path.Combine(folder, "config.json"));
        if (tokenizer is not null && TokenizerFit.Problem(tokenizer, config, folder) is { } misfit)
            throw new BackboneException(misfit);
        if (ModelSize.Problem(config, folder) is { } tooLarge)
            throw new BackboneException(tooLarge);
        var files = CheckpointFiles.Locate(folder);
        var choice = keptDtype ?? DtypeProbe.Resolve(dtype, device, config.ToDims());
        var model = new T5Model(config);
        LoadWeights(model, files, folder);
        model.to(choice.Dtype).to(device);
        model.eval();
        if (tokenizer is not null)
            model.AttachTokenizer(text => tokenizer.Encode(text).Where(id => id != Tokenization.T5Tokenizer.EosId).ToArray());
        return new LoadedBackbone(model, config, choice, folder, tokenizer);
    }

    /// <summary>Fills the model's parameters from the files (fp32 in memory; the caller converts).</summary>
    public static void LoadWeights(T5Model model, IReadOnlyDictionary<string, string> files, string source)
    {
        var parameters = model.state_dict();
        var readers = new Dictionary<string, SafetensorsReader>();
        try
        {
            foreach (var (name, path) in files)
            {
                if (!readers.ContainsKey(path))
                    readers[path] = SafetensorsReader.Open(path);
            }
            foreach (var (name, path) in files)
            {
                if (!readers[path].Entries.ContainsKey(name))
                    throw new BackboneException($"{source}: the index puts tensor '{name}' in {Path.GetFileName(path)}, which does not hold it.");
            }
            var problems = TensorNameMatch.Problems(
                parameters.ToDictionary(p => p.Key, p => p.Value.shape),
                files.ToDictionary(f => f.Key, f => readers[f.Value].Entries[f.Key].Shape),
                TiedCopies, "in the checkpoint", "by config.json");
            if (problems.Count > 0)
                throw new BackboneException($"{source}: the checkpoint does not match its config.json —\n  " + string.Join("\n  ", problems));

            using var noGrad = no_grad();
            foreach (var (name, parameter) in parameters)
            {
                using var scope = NewDisposeScope();
                parameter.copy_(readers[files[name]].Read(name).to(parameter.dtype));
            }
        }
        finally
        {
            foreach (var reader in readers.Values)
                reader.Dispose();
        }
    }
}
