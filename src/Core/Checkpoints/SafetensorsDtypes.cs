using static TorchSharp.torch;

namespace PeftU.Core.Checkpoints;

/// <summary>safetensors dtype names ↔ torch scalar types.</summary>
public static class SafetensorsDtypes
{
    private static readonly (string Name, ScalarType Type, int Size)[] Table =
    [
        ("F32", ScalarType.Float32, 4), ("BF16", ScalarType.BFloat16, 2), ("F16", ScalarType.Float16, 2),
        ("F64", ScalarType.Float64, 8), ("I64", ScalarType.Int64, 8), ("I32", ScalarType.Int32, 4),
        ("I16", ScalarType.Int16, 2), ("I8", ScalarType.Int8, 1), ("U8", ScalarType.Byte, 1), ("BOOL", ScalarType.Bool, 1),
    ];

    public static bool IsKnown(string name) => Table.Any(t => t.Name == name);

    public static ScalarType ToScalarType(string name) =>
        Table.FirstOrDefault(t => t.Name == name) is { Name: not null } row
            ? row.Type
            : throw new NotSupportedException($"safetensors dtype '{name}' is not supported (known: {string.Join(", ", Table.Select(t => t.Name))}).");

    public static string ToName(ScalarType type) =>
        Table.FirstOrDefault(t => t.Type == type) is { Name: not null } row
            ? row.Name
            : throw new NotSupportedException($"dtype {type} cannot be written to safetensors.");

    public static int SizeOf(string name) => Table.First(t => t.Name == name).Size;
}
