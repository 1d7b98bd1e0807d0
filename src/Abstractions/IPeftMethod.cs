using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;

namespace PeftU.Abstractions;

/// <summary>A PEFT method plugin: a per-user trainable module attached to the frozen backbone through its hook points,
/// stored as a bank (leading user dimension) so many users train in one batch.</summary>
public interface IPeftMethod : IPeftPlugin
{
    /// <summary>Trainable parameters of one user's module on a backbone of these dims, from the options alone (no
    /// allocation). Must equal the attached bank's elements per user; the framework checks it.</summary>
    long TrainableParameters(BackboneDims dims);

    /// <summary>Allocates and initialises a bank of <paramref name="users"/> modules (deterministic from
    /// <paramref name="seed"/>; every user starts from the same initial values) and attaches its hooks.</summary>
    IMethodBank Attach(IBackboneHooks hooks, int users, long seed);

    /// <summary>The <c>adapter_config.json</c> of a saved module: HF peft's keys where peft has the method.</summary>
    IReadOnlyDictionary<string, object?> AdapterConfig();
}
