namespace PeftU.Methods.Adapters;

/// <summary>What a Pfeiffer adapter reads (its output is added to what it reads).</summary>
public enum AdapterInput
{
    /// <summary>The feed-forward sublayer's output, before the block's residual add.</summary>
    Sublayer,

    /// <summary>The block's stream after the feed-forward's residual add: AdapterHub's Pfeiffer (SeqBnConfig,
    /// <c>original_ln_before: true</c>) on T5.</summary>
    Residual,
}
