namespace PeftU.Methods.Adapters;

/// <summary>How a bottleneck adapter starts.</summary>
public enum AdapterInit
{
    /// <summary>Down-projection PyTorch's default (kaiming-uniform), up-projection and biases zero: a fresh adapter is the
    /// identity.</summary>
    Identity,

    /// <summary>AdapterHub's <c>init_weights="bert"</c> (the HoulsbyConfig default the original uses): down and up weights
    /// normal(0, 0.02), biases zero — near, not at, the identity.</summary>
    Bert,
}
