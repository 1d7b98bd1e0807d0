using PeftU.Core.Backbone;

namespace PeftU.Core.Experiments;

/// <summary>Measures the matmul rate a run of <see cref="BackboneSpec"/> would get here: the GEMM probe in the dtype the
/// run would pick, on the device it would use.</summary>
public static class PlanRateProbe
{
    public static PlanRate Measure(BackboneSpec backbone)
    {
        TorchRuntime.Initialize(backbone.Threads);
        var device = BackboneDevice.Resolve(backbone.Device);
        var dtype = DtypeProbe.Resolve(backbone.DtypeKind, device);
        double gflops = DtypeProbe.Gflops(dtype.Dtype, device: device);
        return new PlanRate(gflops, $"GEMM probe on this machine's {device.type.ToString().ToLowerInvariant()}, {dtype.Name}");
    }
}
