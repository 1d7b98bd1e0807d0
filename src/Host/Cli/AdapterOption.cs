using System.CommandLine;
using PeftU.Abstractions;
using PeftU.Abstractions.Methods;
using PeftU.Core.Adapters.Interop;
using PeftU.Core.Checkpoints;

namespace PeftU.Host.Cli;

/// <summary><c>--adapter DIR</c> on <c>score</c> and <c>generate</c>: one module folder in any supported layout applied to
/// the backbone through its method plugin, so one user's module can be checked from the command line.</summary>
internal sealed class AdapterOption
{
    public Option<string?> Adapter { get; } = new("--adapter")
    {
        Description = "A module folder (peftu, HF peft or AdapterHub layout) to apply, e.g. runs/NAME/adapters/TASK/CELL/USER.",
    };

    public void AddTo(Command command) => command.Options.Add(Adapter);

    /// <summary>Attaches the module when one was given (null otherwise); what the layout implies goes to stderr.</summary>
    public IMethodBank? Apply(ParseResult parse, CliContext context, Option<string[]> pluginsDir, LoadedBackbone backbone)
    {
        if (parse.GetValue(Adapter) is not { } folder)
            return null;
        try
        {
            using var module = ModuleReader.Read(folder);
            var method = PluginLookup.Create<IPeftMethod>(PluginLookup.Catalog(parse, context, pluginsDir), PluginKind.Method, module.MethodId);
            var bank = ModuleLoader.Attach(method, module, backbone.Model.Hooks);
            context.Error.WriteLine($"peftu: adapter {folder}: {module.MethodId} ({module.Format.Name()} layout, {module.Parameters:N0} parameters)");
            foreach (var note in module.Notes)
                context.Error.WriteLine($"peftu: note: {note}");
            return bank;
        }
        catch (ModuleFormatException e)
        {
            throw new UserFacingException(e.Message, e);
        }
    }
}
