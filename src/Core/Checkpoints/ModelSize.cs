using PeftU.Core.Backbone;

namespace PeftU.Core.Checkpoints;

/// <summary>Whether the network a config.json defines can be allocated here, checked before allocating: a config with
/// d_model 1e9 would otherwise fail inside libtorch with an allocation error and a native stack trace.</summary>
public static class ModelSize
{
    /// <summary>fp32 weights are allocated first (then converted), so 4 bytes a parameter.</summary>
    private const long BytesPerParameter = 4;

    public static string? Problem(T5Config config, string source)
    {
        long parameters = T5ParameterCount.Count(config);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        double needed = (double)parameters * BytesPerParameter;
        return needed <= available
            ? null
            : $"{source}: config.json defines {parameters:N0} parameters ({needed / (1L << 30):N1} GiB in fp32), more than this machine's " +
              $"{available / (double)(1L << 30):N1} GiB of memory; check d_model, d_ff, vocab_size and the layer counts.";
    }
}
