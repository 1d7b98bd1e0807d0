using TorchSharp;

namespace PeftU.Core.Experiments;

/// <summary>An experiment's <c>backbone.device</c>: cpu, cuda (an error when torch sees no CUDA device) or auto.</summary>
public static class BackboneDevice
{
    public static torch.Device Resolve(string device) => device switch
    {
        "cuda" when !torch.cuda.is_available() =>
            throw new InvalidOperationException("backbone.device is cuda but torch sees no CUDA device (this build ships the CPU libtorch; " +
                                                "build with the CUDA backend, see build/TorchBackend.props, or use device: auto)."),
        "cuda" => torch.CUDA,
        "auto" => torch.cuda.is_available() ? torch.CUDA : torch.CPU,
        _ => torch.CPU,
    };
}
