namespace PeftU.Abstractions;

/// <summary>Generated metadata of one plugin option: enough for listing, YAML binding, schema and budget solving
/// without reflection over the plugin's types.</summary>
/// <param name="Name">YAML / CLI key (snake_case).</param>
/// <param name="PropertyName">The C# property that holds the value.</param>
/// <param name="Type">Value kind.</param>
/// <param name="TypeName">Display type: int, long, double, bool, string, string[] or the enum's name.</param>
/// <param name="DefaultText">Default in canonical text form (invariant culture; lists comma-separated).</param>
/// <param name="Min">Inclusive lower bound, when declared.</param>
/// <param name="Max">Inclusive upper bound, when declared.</param>
/// <param name="AllowedValues">Allowed values for strings, string lists and enums; empty when unrestricted.</param>
/// <param name="Description">One line, or empty.</param>
/// <param name="IsBudgetKnob">Whether the budget solver may move it.</param>
public sealed record OptionDescriptor(
    string Name,
    string PropertyName,
    OptionType Type,
    string TypeName,
    string DefaultText,
    double? Min,
    double? Max,
    IReadOnlyList<string> AllowedValues,
    string Description,
    bool IsBudgetKnob)
{
    /// <summary>The allowed range or set as text, for error messages and listings ("&gt;= 1", "0..1", "one of q, v").</summary>
    public string ConstraintText => (Min, Max, AllowedValues.Count) switch
    {
        (_, _, > 0) => "one of " + string.Join(", ", AllowedValues),
        ({ } min, { } max, _) => $"{OptionFormat.Number(min)}..{OptionFormat.Number(max)}",
        ({ } min, null, _) => ">= " + OptionFormat.Number(min),
        (null, { } max, _) => "<= " + OptionFormat.Number(max),
        _ => "",
    };
}
