namespace PeftU.Abstractions;

/// <summary>Marks a <c>partial</c> class implementing <see cref="IPeftTask"/> as a task plugin.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PeftTaskAttribute(string id) : PeftPluginAttribute(id);
