using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;
using PeftU.Core.Backbone;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Adapters.Interop;

/// <summary>Puts a <see cref="PortableModule"/> to work: configures its method plugin from the module's options,
/// attaches a one-user bank and copies the tensors in (names and shapes checked exactly).</summary>
public static class ModuleLoader
{
    /// <summary>Configures <paramref name="method"/> (a fresh plugin instance of the module's method) with the module's
    /// options; bad options become one error naming the folder.</summary>
    public static void Configure(IPeftMethod method, PortableModule module)
    {
        if (method.Descriptor.Id != module.MethodId)
            throw new ArgumentException($"the module needs method '{module.MethodId}', not '{method.Descriptor.Id}'.", nameof(method));
        try
        {
            method.Configure(module.Options.ToDictionary(o => o.Key, o => (object?)o.Value));
        }
        catch (PluginOptionException e)
        {
            throw new ModuleFormatException($"{module.Source}: its options do not fit method '{module.MethodId}': " +
                string.Join("; ", e.Errors.Select(error => $"{error.Option}: {error.Message}")));
        }
    }

    /// <summary>Configures the method and attaches user 0 of a one-user bank holding the module.</summary>
    public static IMethodBank Attach(IPeftMethod method, PortableModule module, IBackboneHooks hooks)
    {
        Configure(method, module);
        var bank = method.Attach(hooks, users: 1, seed: 0);
        try
        {
            AdapterStore.CopyInto(bank, 0, module.Tensors, module.Source);
            return bank;
        }
        catch (BackboneException e)
        {
            bank.Dispose();
            throw new ModuleFormatException(e.Message.Replace(" —\n  ", " — ", StringComparison.Ordinal).Replace("\n  ", "; ", StringComparison.Ordinal));
        }
        catch
        {
            bank.Dispose();
            throw;
        }
    }

    /// <summary>Why the module does not fit a backbone of these dims (empty when it does): the method attaches on the
    /// meta device (nothing allocated) and its tensors are compared with the module's.</summary>
    public static IReadOnlyList<string> FitProblems(IPeftMethod method, PortableModule module, BackboneDims dims)
    {
        // Initial values never change a module's shapes, and a backbone known by its dims has no vocabulary to draw
        // text-initialised prompts from.
        var options = module.Options.ToDictionary(o => o.Key, o => o.Key == "prompt_init" ? "random" : o.Value);
        var probe = module with { Options = options };
        Configure(method, probe);
        using var bank = method.Attach(new DetachedHooks(dims, new Device(DeviceType.META)), users: 1, seed: 0);
        return Checkpoints.TensorNameMatch.Problems(
            bank.Tensors.ToDictionary(t => t.Name, t => t.SavedShape),
            module.Tensors.ToDictionary(t => t.Key, t => t.Value.shape), [], "in the module", "by this backbone");
    }
}
