using static TorchSharp.torch;

namespace PeftU.Core.Checkpoints;

/// <summary>One tensor's header entry in a safetensors file; offsets are relative to the end of the header.</summary>
public sealed record SafetensorsEntry(string Name, string Dtype, long[] Shape, long Begin, long End)
{
    public ScalarType ScalarType => SafetensorsDtypes.ToScalarType(Dtype);

    public long ElementCount => Shape.Aggregate(1L, (a, b) => checked(a * b));
}
