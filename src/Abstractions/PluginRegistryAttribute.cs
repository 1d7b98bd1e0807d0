namespace PeftU.Abstractions;

/// <summary>Generated on each plugin assembly; names its <see cref="IPluginRegistry"/> implementation.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class PluginRegistryAttribute(Type registryType) : Attribute
{
    public Type RegistryType { get; } = registryType;
}
