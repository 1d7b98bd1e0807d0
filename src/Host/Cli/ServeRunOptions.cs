using System.CommandLine;
using PeftU.Abstractions;
using PeftU.Core;
using PeftU.Core.Experiments;
using PeftU.Serving;

namespace PeftU.Host.Cli;

/// <summary>What <c>serve</c> and <c>predict</c> share: the run folder, the method filter, device and threads, and
/// loading the run into a <see cref="ServingEngine"/> with the discovered plugins.</summary>
internal sealed class ServeRunOptions
{
    public Option<string> Run { get; } = new("--run") { Description = "A run folder written by `peftu run FILE --save-adapters`.", Required = true };

    public Option<string?> Method { get; } = new("--method") { Description = "Serve only this cell (method id or cell key, e.g. lora); also the default method of requests." };

    public Option<string> Device { get; } = new Option<string>("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "cpu" }
        .AcceptOnlyFromAmong("cpu", "cuda", "auto");

    public Option<int?> Threads { get; } = new Option<int?>("--threads") { Description = "Torch threads (default: all cores)." }
        .Within(SettingLimits.Threads.Min, SettingLimits.Threads.Max);

    public void AddTo(Command command)
    {
        command.Options.Add(Run);
        command.Options.Add(Method);
        command.Options.Add(Device);
        command.Options.Add(Threads);
    }

    public ServingEngine Load(ParseResult parse, CliContext context, Option<string[]> pluginsDir, ServeSettings settings)
    {
        string folder = parse.GetValue(Run)!;
        if (!Directory.Exists(folder))
            throw new UserFacingException($"--run: no folder '{folder}'");
        TorchRuntime.Initialize(parse.GetValue(Threads));
        var catalog = PluginLookup.Catalog(parse, context, pluginsDir);
        try
        {
            return ServedRunLoader.Load(folder, settings with { Method = parse.GetValue(Method), Device = parse.GetValue(Device)! },
                (kind, id) => catalog.OfKind(kind).FirstOrDefault(p => p.Descriptor.Id == id)?.Create());
        }
        catch (ServeSetupException e)
        {
            throw new UserFacingException(e.Message, e);
        }
    }
}
