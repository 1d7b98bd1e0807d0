namespace PeftU.Abstractions;

/// <summary>Marks a <c>partial</c> class implementing <see cref="IPeftMethod"/> as a PEFT-method plugin.
/// The source generator turns it, and its <see cref="PeftOptionAttribute"/> properties, into metadata and option binding.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PeftMethodAttribute(string id) : PeftPluginAttribute(id);
