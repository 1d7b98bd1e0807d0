namespace PeftU.Host.Plugins;

/// <summary>A plugin (assembly or plugin id) that was not loaded, and why, in words a contributor can act on.</summary>
public sealed record PluginFailure(string Name, string Path, string Reason);
