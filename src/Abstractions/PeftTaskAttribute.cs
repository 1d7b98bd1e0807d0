namespace PeftU.Abstractions;

/// <summary>Marks a <c>partial</c> class implementing <see cref="IPeftTask"/> as a task plugin.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PeftTaskAttribute(string id) : Attribute
{
    /// <summary>Stable id used in YAML and on the command line (lower-case, digits, '-' and '_').</summary>
    public string Id { get; } = id;

    /// <summary>Human-readable name for reports; defaults to the id.</summary>
    public string? Display { get; set; }

    /// <summary>Citation of the data set.</summary>
    public string? Paper { get; set; }

    /// <summary>One-line description; defaults to the class's XML summary.</summary>
    public string? Description { get; set; }
}
