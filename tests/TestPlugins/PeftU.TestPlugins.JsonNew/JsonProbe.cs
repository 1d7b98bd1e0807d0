using Newtonsoft.Json;
using PeftU.Abstractions;

namespace PeftU.TestPlugins.JsonNew;

/// <summary>Reports which Newtonsoft.Json its own load context resolved, and proves it works by serializing.</summary>
[PeftTask("json-new")]
public sealed partial class JsonProbe : IPeftTask
{
    [PeftOption(Default = "probe")]
    public partial string Label { get; }

    public override string ToString() =>
        typeof(JsonConvert).Assembly.GetName().Version + " " + JsonConvert.SerializeObject(new { label = Label });
}
