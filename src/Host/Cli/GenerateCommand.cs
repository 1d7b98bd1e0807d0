using PeftU.Core;
using System.CommandLine;
using System.Text.Json;
using PeftU.Core.Experiments;
using PeftU.Core.Inference;

namespace PeftU.Host.Cli;

/// <summary><c>peftu generate</c>: greedy decoding of one text with a local checkpoint.</summary>
public static class GenerateCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var backbone = new BackboneOptions();
        var adapter = new AdapterOption();
        var text = new Option<string>("--text") { Description = "Input text (the prompt).", Required = true };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "Most tokens to generate.", DefaultValueFactory = _ => 32 }
            .Within(SettingLimits.MaxNewTokens.Min, SettingLimits.MaxNewTokens.Max);
        var json = new Option<bool>("--json") { Description = "Write JSON (text, token ids, dtype)." };
        var command = new Command("generate", "Greedy generation from a local T5/Flan-T5 checkpoint.");
        backbone.AddTo(command);
        adapter.AddTo(command);
        command.Options.Add(text);
        command.Options.Add(maxNewTokens);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var (loaded, tokenizer) = backbone.Load(parse, context.GetEnvironmentVariable);
            using (loaded)
            using (adapter.Apply(parse, context, pluginsDir, loaded))
            {
                var (ids, mask) = InputText.Encode(tokenizer, parse.GetValue(text)!, context.Error);
                var tokens = GreedyGenerator.Generate(loaded.Model, ids, mask, parse.GetValue(maxNewTokens))[0];
                var generated = tokens.TakeWhile(t => t != loaded.Config.EosTokenId && t != loaded.Config.PadTokenId).ToArray();
                string output = tokenizer.Decode(generated);
                if (parse.GetValue(json))
                {
                    context.Out.WriteLine(JsonSerializer.Serialize(
                        new { text = output, token_ids = generated, dtype = loaded.Dtype.Name, dtype_reason = loaded.Dtype.Reason },
                        OutputJson.Options));
                }
                else
                {
                    context.Error.WriteLine($"peftu: backbone dtype {loaded.Dtype.Name} ({loaded.Dtype.Reason})");
                    context.Out.WriteLine(output);
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
