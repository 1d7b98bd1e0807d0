namespace PeftU.Methods.Adapters;

/// <summary>The adapter's activation between down- and up-projection (AdapterHub names).</summary>
public enum NonLinearity
{
    Relu,
    Swish,
    Gelu,
    Tanh,
}
