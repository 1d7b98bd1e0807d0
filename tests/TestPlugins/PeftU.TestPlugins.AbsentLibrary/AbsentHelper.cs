namespace PeftU.TestPlugins.AbsentLibrary;

public sealed class AbsentHelper
{
    public string Name => "absent";
}
