using PeftU.Core.Experiments;
using PeftU.Core.Tokenization;
using static TorchSharp.torch;

namespace PeftU.Host.Cli;

/// <summary>The <c>--text</c> of <c>score</c>/<c>generate</c> as model input, cut to
/// <see cref="SettingLimits.MaxInputTokens"/>: attention memory grows with the square of the length, so a 20,000-word
/// text would be killed for memory instead of answered. Says so when it cuts.</summary>
internal static class InputText
{
    public static (Tensor Ids, Tensor Mask) Encode(T5Tokenizer tokenizer, string text, TextWriter log)
    {
        int length = tokenizer.Encode(text).Length;
        if (length > SettingLimits.MaxInputTokens)
            log.WriteLine($"peftu: --text has {length:N0} tokens; using its first {SettingLimits.MaxInputTokens:N0} (the rest is cut, as HF truncation does)");
        return tokenizer.EncodeBatch([text], SettingLimits.MaxInputTokens);
    }
}
