using PeftU.Core.Backbone;
using PeftU.Core.Results;
using TorchSharp;

namespace PeftU.Core.Experiments;

/// <summary>The dtype a run loads its backbone in: with <c>dtype: auto</c> a folder that already holds a run keeps the
/// dtype in its manifest (re-probing could flip it and silently retrain or mix dtypes); otherwise the file decides.</summary>
public static class RunDtype
{
    private const string KeptPrefix = "auto: kept from the run folder's manifest";

    /// <summary>The kept choice, or null when the loader should resolve the file's dtype itself.</summary>
    public static DtypeChoice? Kept(BackboneDtype requested, RunManifest? existing)
    {
        if (requested != BackboneDtype.Auto || existing is null)
            return null;
        var dtype = existing.Dtype switch
        {
            "bf16" => torch.ScalarType.BFloat16,
            "fp32" => torch.ScalarType.Float32,
            _ => throw new ResultStoreException($"manifest.json: dtype '{existing.Dtype}' is not one of bf16, fp32."),
        };
        string reason = existing.DtypeReason is { } r && r.StartsWith(KeptPrefix, StringComparison.Ordinal)
            ? r
            : $"{KeptPrefix} ({existing.DtypeReason ?? "chosen when the run started"})";
        return new DtypeChoice(dtype, reason);
    }
}
