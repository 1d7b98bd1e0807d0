using PeftU.Core.Backbone;
using PeftU.Core.Tokenization;

namespace PeftU.Core.Checkpoints;

/// <summary>Whether a tokenizer's ids fit the model's embedding: a tokenizer with more pieces than <c>vocab_size</c>
/// yields ids that index past the embedding table and fail deep inside libtorch, so plan and load refuse the pair.</summary>
public static class TokenizerFit
{
    public static string? Problem(T5Tokenizer tokenizer, T5Config config, string folder) =>
        tokenizer.PieceCount <= config.VocabSize
            ? null
            : $"{folder}: the tokenizer has {tokenizer.PieceCount:N0} pieces but config.json's vocab_size is {config.VocabSize:N0}; " +
              "ids from vocab_size up would index past the embedding (use the tokenizer the checkpoint was trained with).";
}
