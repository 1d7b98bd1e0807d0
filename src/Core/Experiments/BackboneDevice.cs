using TorchSharp;

namespace PeftU.Core.Experiments;

/// <summary>An experiment's <c>backbone.device</c>: cpu, cuda (an error before any work when torch sees no CUDA device)
/// or auto (CUDA when torch sees a device, else the CPU), with the reason printed at start-up.</summary>
public static class BackboneDevice
{
    public static DeviceChoice Resolve(string device) => Resolve(device, torch.cuda.is_available(), CudaRuntimeShipped());

    /// <summary>The decision itself, given what torch sees (testable without a GPU).</summary>
    public static DeviceChoice Resolve(string device, bool cudaAvailable, bool cudaRuntimeShipped) => device switch
    {
        "cuda" when !cudaAvailable => throw new InvalidOperationException($"device is cuda but {WhyNoCuda(cudaRuntimeShipped)}; use device: cpu or auto."),
        "cuda" => new(DeviceType.CUDA, "cuda requested"),
        "auto" when cudaAvailable => new(DeviceType.CUDA, "auto: torch sees a CUDA device"),
        "auto" => new(DeviceType.CPU, $"auto: {WhyNoCuda(cudaRuntimeShipped)}, so the CPU"),
        "cpu" => new(DeviceType.CPU, "cpu requested"),
        _ => throw new ArgumentOutOfRangeException(nameof(device), device, "device is one of cpu, cuda, auto."),
    };

    private static string WhyNoCuda(bool cudaRuntimeShipped) => cudaRuntimeShipped
        ? "this CUDA build of peftu sees no CUDA device (check the driver and CUDA_VISIBLE_DEVICES)"
        : "this build ships the CPU libtorch only (build with -p:TorchBackend=cuda for GPUs; see README, \"Torch backends and GPUs\")";

    /// <summary>Whether the CUDA libtorch was deployed beside the program (the <c>TorchBackend=cuda</c> build).</summary>
    private static bool CudaRuntimeShipped() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "libtorch_cuda*", SearchOption.AllDirectories).Any();
}

/// <summary>The device a backbone runs on and why (printed when a run starts). The torch device is made on first use:
/// making a CUDA one initialises the CUDA backend.</summary>
public sealed record DeviceChoice(DeviceType Type, string Reason)
{
    public torch.Device Device => Type == DeviceType.CUDA ? torch.CUDA : torch.CPU;
}
