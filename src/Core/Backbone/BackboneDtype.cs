namespace PeftU.Core.Backbone;

/// <summary>Compute dtype of the frozen backbone (YAML <c>backbone.dtype</c>, CLI <c>--dtype</c>).</summary>
public enum BackboneDtype
{
    /// <summary>bf16 where a start-up probe (or CUDA) shows it is faster than fp32, else fp32.</summary>
    Auto,
    Fp32,
    Bf16,
}
