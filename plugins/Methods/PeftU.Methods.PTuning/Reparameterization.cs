namespace PeftU.Methods.PTuning;

/// <summary>The prompt encoder over the virtual-token embeddings (HF peft names).</summary>
public enum Reparameterization
{
    /// <summary>Linear(d, h) → ReLU → Linear(h, h) → ReLU → Linear(h, d).</summary>
    Mlp,

    /// <summary>Bidirectional LSTM (d → h, encoder_num_layers layers) → Linear(2h, 2h) → ReLU → Linear(2h, d).</summary>
    Lstm,
}
