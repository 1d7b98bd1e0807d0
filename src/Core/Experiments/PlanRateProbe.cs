using PeftU.Core.Backbone;

namespace PeftU.Core.Experiments;

/// <summary>Measures the matmul rate a run of <see cref="BackboneSpec"/> would get here: the GEMM probe in the dtype the
/// run would pick, on the device it would use.</summary>
public static class PlanRateProbe
{
    /// <param name="backbone">The run's backbone section.</param>
    /// <param name="dims">The backbone's dimensions: <c>auto</c> probes the model's own step shapes, as the run will.</param>
    public static PlanRate Measure(BackboneSpec backbone, PeftU.Abstractions.Backbone.BackboneDims dims)
    {
        TorchRuntime.Initialize(backbone.Threads);
        // A plan of a CUDA run may be made where there is no GPU: the rate is then this machine's CPU's, and says so.
        bool absent = backbone.Device == "cuda" && !TorchSharp.torch.cuda.is_available();
        var device = BackboneDevice.Resolve(absent ? "auto" : backbone.Device).Device;
        var dtype = DtypeProbe.Resolve(backbone.DtypeKind, device, dims);
        double gflops = DtypeProbe.Gflops(dtype.Dtype, device: device);
        return new PlanRate(gflops, $"GEMM probe on this machine's {device.type.ToString().ToLowerInvariant()}, {dtype.Name}" +
                                    (absent ? " (no CUDA device here: the run itself needs one)" : ""));
    }
}
