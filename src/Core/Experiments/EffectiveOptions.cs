using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;

namespace PeftU.Core.Experiments;

/// <summary>The options plans and reports show: what takes effect (<see cref="IHasEffectiveOptions"/>), else the values as
/// set. Run signatures keep the values as set.</summary>
public static class EffectiveOptions
{
    public static IReadOnlyDictionary<string, string> Of(IPeftMethod method, BackboneDims dims) =>
        method is IHasEffectiveOptions effective ? effective.EffectiveOptionValues(dims) : method.GetOptionValues();

    /// <summary>"key=value, …" in the method's option order.</summary>
    public static string Text(IPeftMethod method, BackboneDims dims) =>
        string.Join(", ", Of(method, dims).Select(kv => $"{kv.Key}={kv.Value}"));
}
