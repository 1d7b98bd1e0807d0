namespace PeftU.Abstractions;

/// <summary>The value kinds an option can have; YAML and <c>--set</c> values are converted to these.</summary>
public enum OptionType
{
    Int32,
    Int64,
    Double,
    Boolean,
    String,
    StringList,
    Enum,
}
