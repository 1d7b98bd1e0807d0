using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>The dtype a backbone runs in and why (reported to the user and in results).</summary>
public sealed record DtypeChoice(ScalarType Dtype, string Reason)
{
    public string Name => Dtype == ScalarType.BFloat16 ? "bf16" : "fp32";
}
