using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Methods;

namespace PeftU.Methods.Adapters;

/// <summary>Houlsby adapters: one bottleneck after the self-attention and one after the feed-forward sublayer of every
/// block (AdapterHub's placement; decoder cross-attention is not adapted).</summary>
[PeftMethod("adapter-houlsby", Display = "Adapter (Houlsby)", Paper = "Houlsby et al., 2019, arXiv:1902.00751")]
[Trainable("adapter.down.weight", Sites = "Sites", Shape = "Bottleneck, DModel")]
[Trainable("adapter.down.bias", Sites = "Sites", Shape = "Bottleneck")]
[Trainable("adapter.up.weight", Sites = "Sites", Shape = "DModel, Bottleneck")]
[Trainable("adapter.up.bias", Sites = "Sites", Shape = "DModel")]
public sealed partial class HoulsbyAdapter : BottleneckAdapter, IPeftMethod, IHasEffectiveOptions
{
    /// <summary>Bottleneck = d_model / reduction_factor (unless bottleneck_size is set).</summary>
    [PeftOption(Default = 16, Min = 1, Max = 65536)]
    public partial int ReductionFactor { get; }

    /// <summary>Bottleneck width; 0 = d_model / reduction_factor. The budget knob.</summary>
    [PeftOption(Default = 0, Min = 0, Max = 65536), BudgetKnob]
    public partial int BottleneckSize { get; }

    /// <summary>Activation inside the bottleneck.</summary>
    [PeftOption(Default = NonLinearity.Swish)]
    public partial NonLinearity NonLinearity { get; }

    /// <summary>Initial weights: identity (zero up-projection) or AdapterHub's bert init (normal 0.02, the original's).</summary>
    [PeftOption(Default = AdapterInit.Identity)]
    public partial AdapterInit InitWeights { get; }

    protected override AdapterInit Init => InitWeights;

    protected override int ReductionFactorValue => ReductionFactor;

    protected override int BottleneckSizeValue => BottleneckSize;

    protected override NonLinearity Activation => NonLinearity;

    protected override bool Adapts(SublayerSite site) => site.Kind != SublayerKind.CrossAttention;

    protected override string Architecture => "houlsby";
}
