using PeftU.Abstractions.Backbone;

namespace PeftU.Abstractions.Methods;

/// <summary>Base of methods with no trainable module (zero-shot, few-shot): nothing to count, attach or save.</summary>
public abstract class FrozenModelMethod
{
    /// <summary>Demonstrations per prompt (the user's own training examples); 0 = zero-shot.</summary>
    public virtual int Shots => 0;

    public long TrainableParameters(BackboneDims dims) => 0;

    public IMethodBank Attach(IBackboneHooks hooks, int users, long seed) => new MethodBank(users);

    public IReadOnlyDictionary<string, object?> AdapterConfig() => new Dictionary<string, object?> { ["peft_type"] = "NONE" };
}
