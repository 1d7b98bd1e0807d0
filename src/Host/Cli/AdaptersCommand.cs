using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Core;
using PeftU.Core.Adapters.Interop;

namespace PeftU.Host.Cli;

/// <summary><c>peftu adapters convert|inspect</c>: module folders between this framework's, HF peft's and AdapterHub's
/// layouts, and what one holds.</summary>
public static class AdaptersCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var command = new Command("adapters", "Convert module folders between peftu, HF peft and AdapterHub layouts, or inspect one.");
        command.Subcommands.Add(Convert(context, pluginsDir));
        command.Subcommands.Add(Inspect(context, pluginsDir));
        return command;
    }

    private static Command Convert(CliContext context, Option<string[]> pluginsDir)
    {
        var input = new Argument<string>("IN") { Description = "A module folder in any supported layout." };
        var output = new Argument<string>("OUT") { Description = "A new or empty folder for the converted module." };
        var to = new Option<string>("--to") { Description = "Target layout: peft, adapterhub or peftu.", Required = true }
            .AcceptOnlyFromAmong(ModuleFormats.Names);
        var config = BackboneConfig("Only needed where the module does not record its backbone and the target stores a computed prefix table.");
        var name = new Option<string>("--name") { Description = "AdapterHub's adapter name (part of every key).", DefaultValueFactory = _ => "peftu" };
        var command = new Command("convert", "Write a module folder in another layout (peftu, HF peft, AdapterHub).");
        command.Arguments.Add(input);
        command.Arguments.Add(output);
        foreach (var option in new Option[] { to, config, name })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            string target = OutputPaths.Folder(parse.GetValue(output), "OUT");
            var dims = parse.GetValue(config) is { } path ? BackboneConfigOption.Dims(path) : null;
            var format = ModuleFormats.Parse(parse.GetValue(to)!);
            Run(() =>
            {
                using var module = ModuleReader.Read(parse.GetValue(input)!);
                var method = Method(parse, context, pluginsDir, module);
                var notes = ModuleWriter.Write(module, target, format, method, dims, parse.GetValue(name)!);
                context.Out.WriteLine($"{parse.GetValue(output)}: {module.MethodId} module in {format.Name()} layout (from {module.Format.Name()}, {module.Parameters:N0} parameters)");
                foreach (var note in module.Notes.Concat(notes))
                    context.Error.WriteLine($"peftu: note: {note}");
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Inspect(CliContext context, Option<string[]> pluginsDir)
    {
        var input = new Argument<string>("DIR") { Description = "A module folder in any supported layout." };
        var config = BackboneConfig("Check that the module fits this backbone (names and shapes).");
        var json = new Option<bool>("--json") { Description = "Write JSON." };
        var command = new Command("inspect", "Show a module folder's layout, method, options, tensors, parameter count and the backbone it fits.");
        command.Arguments.Add(input);
        command.Options.Add(config);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var dims = parse.GetValue(config) is { } path ? BackboneConfigOption.Dims(path) : null;
            Run(() =>
            {
                using var module = ModuleReader.Read(parse.GetValue(input)!);
                var summary = ModuleSummary.Of(module);
                IReadOnlyList<string>? problems = dims is null ? null : ModuleLoader.FitProblems(Method(parse, context, pluginsDir, module), module, dims);
                if (parse.GetValue(json))
                    context.Out.WriteLine(Json(module, summary, dims, problems));
                else
                    Text(context.Out, module, summary, dims, parse.GetValue(config), problems);
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<string?> BackboneConfig(string description) => new("--backbone-config")
    {
        Description = $"A T5 config.json (no weights are loaded). {description}",
    };

    private static IPeftMethod Method(ParseResult parse, CliContext context, Option<string[]> pluginsDir, PortableModule module) =>
        PluginLookup.Create<IPeftMethod>(PluginLookup.Catalog(parse, context, pluginsDir), PluginKind.Method, module.MethodId);

    private static void Run(Action action)
    {
        try
        {
            action();
        }
        catch (ModuleFormatException e)
        {
            throw new UserFacingException(e.Message, e);
        }
    }

    private static void Text(TextWriter output, PortableModule module, ModuleSummary summary, BackboneDims? dims, string? configPath, IReadOnlyList<string>? problems)
    {
        output.WriteLine($"{module.Source}: {module.MethodId} module ({module.Format.Name()} layout)");
        output.WriteLine($"options: {(module.Options.Count == 0 ? "(defaults)" : string.Join(", ", module.Options.Select(o => $"{o.Key}={o.Value}")))}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parameters: {module.Parameters:N0} in {module.Tensors.Count} tensors"));
        if (module.BaseModel is { } baseModel)
            output.WriteLine($"base model: {baseModel}");
        if (summary.BackboneLine() is { } line)
            output.WriteLine($"made for: {line}");
        if (dims is not null)
        {
            output.WriteLine(problems!.Count == 0
                ? $"fits {configPath} ({ModuleSummary.Describe(dims)})"
                : $"does not fit {configPath} ({ModuleSummary.Describe(dims)}): {string.Join("; ", problems)}");
        }
        output.WriteLine("tensors:");
        int width = summary.Groups.Max(g => g.Pattern.Length);
        foreach (var group in summary.Groups)
            output.WriteLine($"  {group.Pattern.PadRight(width)}  [{string.Join(", ", group.Shape)}]{(group.Count > 1 ? $" × {group.Count}" : "")}");
        foreach (var note in module.Notes)
            output.WriteLine($"note: {note}");
    }

    private static string Json(PortableModule module, ModuleSummary summary, BackboneDims? dims, IReadOnlyList<string>? problems) =>
        JsonSerializer.Serialize(new
        {
            folder = module.Source,
            format = module.Format.Name(),
            method = module.MethodId,
            options = module.Options,
            parameters = module.Parameters,
            base_model = module.BaseModel,
            d_model = summary.DModel,
            encoder_blocks = summary.EncoderBlocks,
            decoder_blocks = summary.DecoderBlocks,
            fits = dims is null ? (bool?)null : problems!.Count == 0,
            fit_problems = problems,
            tensors = summary.Groups.Select(g => new { pattern = g.Pattern, shape = g.Shape, count = g.Count }),
            notes = module.Notes,
        }, OutputJson.Options);
}
