namespace PeftU.Abstractions;

/// <summary>What <see cref="PeftMethodAttribute"/> and <see cref="PeftTaskAttribute"/> share.</summary>
public abstract class PeftPluginAttribute(string id) : Attribute
{
    /// <summary>Stable id used in YAML and on the command line (lower-case letters and digits, separated by '-' or '_').</summary>
    public string Id { get; } = id;

    /// <summary>Human-readable name for reports; defaults to the id.</summary>
    public string? Display { get; set; }

    /// <summary>Citation of the method's paper or the task's data set.</summary>
    public string? Paper { get; set; }

    /// <summary>One-line description; defaults to the class's XML summary.</summary>
    public string? Description { get; set; }
}
