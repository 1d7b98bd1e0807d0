using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Tests.Backbone;

public sealed class CheckpointErrorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "peftu-ckpt-" + Guid.NewGuid().ToString("N"));
    private static readonly string TinyFlan = Expected.ModelDir("tiny-flan");

    public CheckpointErrorTests()
    {
        TorchRuntime.Initialize();
        Directory.CreateDirectory(_folder);
        File.Copy(Path.Combine(TinyFlan, "config.json"), Path.Combine(_folder, "config.json"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void One_error_lists_every_missing_unexpected_and_mis_shaped_tensor()
    {
        var tensors = ReadAll(Path.Combine(TinyFlan, "model.safetensors"));
        tensors.Remove("lm_head.weight");
        tensors.Remove("decoder.final_layer_norm.weight");
        tensors["encoder.block.0.layer.0.SelfAttention.q.weight"] = zeros(7, 32);
        tensors["encoder.extra.weight"] = zeros(2);
        SafetensorsWriter.Write(Path.Combine(_folder, "model.safetensors"), tensors);

        var error = Assert.Throws<BackboneException>(() => T5CheckpointLoader.Load(_folder, BackboneDtype.Fp32));
        Assert.Contains("missing: decoder.final_layer_norm.weight, lm_head.weight", error.Message);
        Assert.Contains("unexpected: encoder.extra.weight", error.Message);
        Assert.Contains("encoder.block.0.layer.0.SelfAttention.q.weight: shape [7, 32] in the checkpoint, [32, 32] by config.json", error.Message);
    }

    [Fact]
    public void Sharded_checkpoint_with_index_loads_like_the_single_file()
    {
        var tensors = ReadAll(Path.Combine(TinyFlan, "model.safetensors"));
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var shards = new[] { names.Take(names.Count / 2).ToList(), names.Skip(names.Count / 2).ToList() };
        var weightMap = new Dictionary<string, string>();
        for (int i = 0; i < shards.Length; i++)
        {
            string file = $"model-{i + 1:00000}-of-00002.safetensors";
            SafetensorsWriter.Write(Path.Combine(_folder, file), shards[i].ToDictionary(n => n, n => tensors[n]));
            foreach (var name in shards[i])
                weightMap[name] = file;
        }
        File.WriteAllText(Path.Combine(_folder, CheckpointFiles.IndexFile),
            System.Text.Json.JsonSerializer.Serialize(new { metadata = new { }, weight_map = weightMap }));

        using var sharded = T5CheckpointLoader.Load(_folder, BackboneDtype.Fp32);
        using var single = T5CheckpointLoader.Load(TinyFlan, BackboneDtype.Fp32);
        var expected = single.Model.state_dict();
        foreach (var (name, value) in sharded.Model.state_dict())
            Assert.True(value.equal(expected[name]).all().item<bool>(), name);
    }

    [Fact]
    public void Pickle_only_folder_is_told_to_convert_to_safetensors()
    {
        File.WriteAllBytes(Path.Combine(_folder, "pytorch_model.bin"), [0x80, 0x02]);
        var error = Assert.Throws<BackboneException>(() => T5CheckpointLoader.Load(_folder, BackboneDtype.Fp32));
        Assert.Contains("pytorch_model.bin", error.Message);
        Assert.Contains("convert them to safetensors", error.Message);
    }

    [Fact]
    public void Truncated_safetensors_is_named_with_its_path()
    {
        var bytes = File.ReadAllBytes(Path.Combine(TinyFlan, "model.safetensors"));
        File.WriteAllBytes(Path.Combine(_folder, "model.safetensors"), bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<BackboneException>(() => T5CheckpointLoader.Load(_folder, BackboneDtype.Fp32));
        Assert.Contains(Path.Combine(_folder, "model.safetensors") + ": not a valid safetensors file", error.Message);
    }

    [Fact]
    public void Config_problems_name_the_key()
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), """{"model_type":"t5","vocab_size":32,"d_model":8,"d_kv":"x","num_heads":1,"d_ff":8,"num_layers":1}""");
        var error = Assert.Throws<BackboneException>(() => T5Config.Load(Path.Combine(_folder, "config.json")));
        Assert.Contains("'d_kv' must be an integer", error.Message);
    }

    [Fact]
    public void Safetensors_round_trip_keeps_names_dtypes_and_bytes()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["b"] = randn(3, 4).to(ScalarType.BFloat16),
            ["a"] = arange(5, dtype: ScalarType.Int64),
            ["c"] = randn(2, 2, 2),
        };
        string path = Path.Combine(_folder, "round.safetensors");
        SafetensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        using var reader = SafetensorsReader.Open(path);
        Assert.Equal(["a", "b", "c"], reader.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("pt", reader.Metadata["format"]);
        foreach (var (name, tensor) in tensors)
        {
            using var read = reader.Read(name);
            Assert.Equal(tensor.dtype, read.dtype);
            Assert.True(read.equal(tensor).all().item<bool>(), name);
        }
    }

    private static Dictionary<string, Tensor> ReadAll(string path)
    {
        using var reader = SafetensorsReader.Open(path);
        return reader.Entries.Keys.ToDictionary(n => n, reader.Read);
    }
}
