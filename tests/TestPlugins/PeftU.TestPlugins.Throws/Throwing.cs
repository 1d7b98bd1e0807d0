using PeftU.Abstractions;
using PeftU.Abstractions.Methods;

namespace PeftU.TestPlugins.Throws;

[PeftMethod("throws-on-construction")]
public sealed partial class Throwing : FrozenModelMethod, IPeftMethod
{
    public Throwing() => throw new InvalidOperationException("deliberate failure in the plugin constructor");
}
