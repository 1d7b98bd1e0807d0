namespace PeftU.Core.Adapters.Interop;

/// <summary>A module folder that cannot be read or written in the asked layout; the message is one line naming the file
/// and field (the CLI shows it as is).</summary>
public sealed class ModuleFormatException(string message) : Exception(message);
