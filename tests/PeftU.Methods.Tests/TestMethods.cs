using PeftU.Abstractions;

namespace PeftU.Methods.Tests;

/// <summary>Method plugins by id, configured from <c>key=value;key=value</c> text (as <c>--set</c> gives them).</summary>
internal static class TestMethods
{
    public static IPeftMethod Create(string id, string options = "")
    {
        IPeftMethod method = id switch
        {
            "ia3" => new IA3.IA3(),
            "lora" => new Lora.Lora(),
            "adapter-houlsby" => new Adapters.HoulsbyAdapter(),
            "adapter-pfeiffer" => new Adapters.PfeifferAdapter(),
            "prompt-tuning" => new PromptTuning.PromptTuning(),
            "prefix-tuning" => new PrefixTuning.PrefixTuning(),
            "p-tuning" => new PTuning.PTuning(),
            "zero-shot" => new Baselines.ZeroShot(),
            "scale-shift" => new ScaleShift.ScaleShift(),
            _ => throw new ArgumentOutOfRangeException(nameof(id), id, "no such method in this test project"),
        };
        var values = options.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(o => o.Split('=', 2)).ToDictionary(kv => kv[0], kv => (object?)kv[1]);
        method.Configure(values);
        return method;
    }
}
