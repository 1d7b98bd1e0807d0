using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using PeftU.Abstractions.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace PeftU.Core.Checkpoints;

/// <summary>Writes tensors as one safetensors file, atomically (temp file + rename), names sorted as HF does.</summary>
public static class SafetensorsWriter
{
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var names = tensors.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is { Count: > 0 })
            header["__metadata__"] = metadata;
        long offset = 0;
        var cpu = new List<Tensor>();
        foreach (var name in names)
        {
            var tensor = tensors[name].detach().cpu().contiguous();
            cpu.Add(tensor);
            long bytes = tensor.numel() * tensor.ElementSize;
            header[name] = new { dtype = SafetensorsDtypes.ToName(tensor.dtype), shape = tensor.shape, data_offsets = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        var headerBytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int padding = (8 - headerBytes.Length % 8) % 8; // data starts 8-byte aligned, as the reference writer does
        headerBytes = [.. headerBytes, .. Enumerable.Repeat((byte)' ', padding)];

        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)headerBytes.Length);
            stream.Write(length);
            stream.Write(headerBytes);
            foreach (var tensor in cpu)
                tensor.WriteBytesToStream(stream);
        });
        foreach (var tensor in cpu)
            tensor.Dispose();
    }
}
