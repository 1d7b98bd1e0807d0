using System.CommandLine;
using PeftU.Core;
using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Experiments;
using PeftU.Core.Tokenization;

namespace PeftU.Host.Cli;

/// <summary>The options every backbone command shares (<c>--model</c>, <c>--dtype</c>, <c>--threads</c>) and loading from them.</summary>
public sealed class BackboneOptions
{
    public Option<string> Model { get; } = new("--model")
    {
        Description = "A local HF T5/Flan-T5 folder (config.json, model.safetensors or a sharded index, spiece.model), or a model id (google/flan-t5-base[@rev]) found in the local Hugging Face cache.",
        Required = true,
    };

    public Option<string> Dtype { get; } = new Option<string>("--dtype")
    {
        Description = "Backbone compute dtype: auto (bf16 only where a probe shows it faster), fp32 or bf16.",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "fp32", "bf16");

    public Option<int?> Threads { get; } = new Option<int?>("--threads") { Description = "Torch threads (default: all cores)." }
        .Within(SettingLimits.Threads.Min, SettingLimits.Threads.Max);

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Dtype);
        command.Options.Add(Threads);
    }

    public (LoadedBackbone Backbone, T5Tokenizer Tokenizer) Load(ParseResult parse, Func<string, string?>? environment = null)
    {
        TorchRuntime.Initialize(parse.GetValue(Threads));
        string model = parse.GetValue(Model)!;
        var dtype = parse.GetValue(Dtype) switch
        {
            "fp32" => BackboneDtype.Fp32,
            "bf16" => BackboneDtype.Bf16,
            _ => BackboneDtype.Auto,
        };
        try
        {
            var loaded = T5CheckpointLoader.Load(HfCacheLocator.Resolve(model, environment), dtype, requireTokenizer: true);
            return (loaded, loaded.Tokenizer!);
        }
        catch (BackboneException e)
        {
            throw new UserFacingException(e.Message, e);
        }
    }
}
