using PeftU.Abstractions;

namespace PeftU.TestPlugins.Throws;

[PeftMethod("throws-on-construction")]
public sealed partial class Throwing : IPeftMethod
{
    public Throwing() => throw new InvalidOperationException("deliberate failure in the plugin constructor");
}
