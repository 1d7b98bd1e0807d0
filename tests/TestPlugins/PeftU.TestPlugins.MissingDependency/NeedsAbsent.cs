using PeftU.Abstractions;
using PeftU.Abstractions.Methods;
using PeftU.TestPlugins.AbsentLibrary;

namespace PeftU.TestPlugins.MissingDependency;

[PeftMethod("needs-absent-library")]
public sealed partial class NeedsAbsent : FrozenModelMethod, IPeftMethod
{
    private readonly AbsentHelper _helper = new();

    public override string ToString() => _helper.Name;
}
