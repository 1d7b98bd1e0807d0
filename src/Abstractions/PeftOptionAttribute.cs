namespace PeftU.Abstractions;

/// <summary>Marks a <c>partial</c> get-only property of a plugin as a user-settable option. The generator implements the
/// property, binds it from YAML / <c>--set</c> under <see cref="Name"/> (default: the property name in snake_case, as
/// HF peft spells its options) and validates it against <see cref="Min"/>, <see cref="Max"/> and <see cref="OneOf"/>.</summary>
/// <remarks>Supported types: int, long, double, bool, string, string[] and enums.</remarks>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class PeftOptionAttribute : Attribute
{
    /// <summary>Default value (required); a constant of the property's type, or a string array for string[].</summary>
    public object? Default { get; set; }

    /// <summary>Inclusive lower bound for numeric options.</summary>
    public double Min { get; set; }

    /// <summary>Inclusive upper bound for numeric options.</summary>
    public double Max { get; set; }

    /// <summary>Allowed values for string and string[] options (a string array).</summary>
    public object? OneOf { get; set; }

    /// <summary>YAML / CLI key; defaults to the property name in snake_case.</summary>
    public string? Name { get; set; }

    /// <summary>One-line description; defaults to the property's XML summary.</summary>
    public string? Description { get; set; }
}
