using System;

namespace PeftU.Generators.Model
{
    /// <summary>One [PeftOption] property, reduced to the strings the emitter needs.</summary>
    /// <param name="Name">YAML key.</param>
    /// <param name="PropertyName">C# property.</param>
    /// <param name="Accessibility">Declared accessibility keyword(s) of the property, repeated by the implementation.</param>
    /// <param name="OptionType">Member name of PeftU.Abstractions.OptionType.</param>
    /// <param name="TypeName">Display type (int, double, string[], enum name).</param>
    /// <param name="ClrType">Fully qualified C# type.</param>
    /// <param name="DefaultExpression">C# expression for the default.</param>
    /// <param name="DefaultText">Canonical text of the default.</param>
    /// <param name="Min">C# double literal or null.</param>
    /// <param name="Max">C# double literal or null.</param>
    /// <param name="AllowedValues">Allowed texts (OneOf, or enum members in kebab-case).</param>
    /// <param name="Description">One line, or empty.</param>
    /// <param name="IsBudgetKnob">Whether [BudgetKnob] marks it.</param>
    /// <param name="EnumMembers">For enums, the member names in the order of <paramref name="AllowedValues"/>.</param>
    internal sealed record OptionModel(
        string Name,
        string PropertyName,
        string Accessibility,
        string OptionType,
        string TypeName,
        string ClrType,
        string DefaultExpression,
        string DefaultText,
        string? Min,
        string? Max,
        EquatableArray<string> AllowedValues,
        string Description,
        bool IsBudgetKnob,
        EquatableArray<string> EnumMembers);
}
