using Newtonsoft.Json;
using PeftU.Abstractions;
using PeftU.Abstractions.Methods;

namespace PeftU.TestPlugins.Json;

/// <summary>Reports which Newtonsoft.Json its own load context resolved, and proves it works by serializing.
/// Compiled into two plugins that depend on different Newtonsoft.Json versions; each sets its id in ProbeId.cs.</summary>
[PeftMethod(ProbeId.Value)]
public sealed partial class JsonProbe : FrozenModelMethod, IPeftMethod
{
    [PeftOption(Default = "probe")]
    public partial string Label { get; }

    public override string ToString() =>
        typeof(JsonConvert).Assembly.GetName().Version + " " + JsonConvert.SerializeObject(new { label = Label });
}
