namespace PeftU.Abstractions;

/// <summary>Marks a <c>partial</c> class implementing <see cref="IPeftMethod"/> as a PEFT-method plugin.
/// The source generator turns it, and its <see cref="PeftOptionAttribute"/> properties, into metadata and option binding.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PeftMethodAttribute(string id) : Attribute
{
    /// <summary>Stable id used in YAML and on the command line (lower-case, digits and '-').</summary>
    public string Id { get; } = id;

    /// <summary>Human-readable name for reports; defaults to the id.</summary>
    public string? Display { get; set; }

    /// <summary>Citation of the method's paper.</summary>
    public string? Paper { get; set; }

    /// <summary>One-line description; defaults to the class's XML summary.</summary>
    public string? Description { get; set; }
}
