using PeftU.Core.Experiments;
using TorchSharp;

namespace PeftU.Core.Tests.Experiments;

/// <summary><c>backbone.device</c>: auto picks CUDA only when torch sees a device and says why it did not; cuda without a
/// device is an error naming the build that has one.</summary>
public sealed class BackboneDeviceTests
{
    [Fact]
    public void Auto_without_cuda_picks_the_cpu_and_says_why()
    {
        var cpuBuild = BackboneDevice.Resolve("auto", cudaAvailable: false, cudaRuntimeShipped: false);
        Assert.Equal(DeviceType.CPU, cpuBuild.Type);
        Assert.Contains("ships the CPU libtorch only (build with -p:TorchBackend=cuda", cpuBuild.Reason);
        var cudaBuild = BackboneDevice.Resolve("auto", cudaAvailable: false, cudaRuntimeShipped: true);
        Assert.Equal(DeviceType.CPU, cudaBuild.Type);
        Assert.Contains("CUDA build of peftu sees no CUDA device", cudaBuild.Reason);
        Assert.Equal(DeviceType.CUDA, BackboneDevice.Resolve("auto", cudaAvailable: true, cudaRuntimeShipped: true).Type);
    }

    [Fact]
    public void Cuda_without_a_device_is_refused_with_the_way_out()
    {
        var e = Assert.Throws<InvalidOperationException>(() => BackboneDevice.Resolve("cuda", cudaAvailable: false, cudaRuntimeShipped: false));
        Assert.Equal("device is cuda but this build ships the CPU libtorch only (build with -p:TorchBackend=cuda for GPUs; see README, " +
                     "\"Torch backends and GPUs\"); use device: cpu or auto.", e.Message);
        Assert.Equal(DeviceType.CUDA, BackboneDevice.Resolve("cuda", cudaAvailable: true, cudaRuntimeShipped: true).Type);
        Assert.Equal(DeviceType.CPU, BackboneDevice.Resolve("cpu", cudaAvailable: true, cudaRuntimeShipped: true).Type);
    }

    [Fact]
    public void This_cpu_build_resolves_auto_to_the_cpu() =>
        Assert.Equal(DeviceType.CPU, BackboneDevice.Resolve("auto").Type);
}
