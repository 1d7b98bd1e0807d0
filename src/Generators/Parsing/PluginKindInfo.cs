namespace PeftU.Generators.Parsing
{
    /// <summary>What differs between method and task plugins during parsing.</summary>
    internal sealed class PluginKindInfo
    {
        public static readonly PluginKindInfo Method = new PluginKindInfo("Method", "PeftMethod", "PeftU.Abstractions.IPeftMethod");
        public static readonly PluginKindInfo Task = new PluginKindInfo("Task", "PeftTask", "PeftU.Abstractions.IPeftTask");

        private PluginKindInfo(string kind, string attributeShortName, string interfaceName)
        {
            Kind = kind;
            AttributeShortName = attributeShortName;
            InterfaceName = interfaceName;
        }

        /// <summary>Member name of PeftU.Abstractions.PluginKind.</summary>
        public string Kind { get; }

        public string AttributeShortName { get; }

        public string AttributeMetadataName => "PeftU.Abstractions." + AttributeShortName + "Attribute";

        public string InterfaceName { get; }
    }
}
