using PeftU.Abstractions.Backbone;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>HF <c>T5Stack</c>: <c>block.N</c> and <c>final_layer_norm</c>; the embedding table is the model's shared one.</summary>
public sealed class T5Stack : nn.Module
{
    private readonly ModuleList<T5Block> block;
    private readonly T5LayerNorm final_layer_norm;
    private readonly double _dropout;
    private readonly string _name;

    internal T5Stack(StackKind kind, T5Config config) : base(kind == StackKind.Encoder ? "encoder" : "decoder")
    {
        Kind = kind;
        _dropout = config.DropoutRate;
        string prefix = _name = kind == StackKind.Encoder ? "encoder" : "decoder";
        int layers = kind == StackKind.Encoder ? config.NumLayers : config.NumDecoderLayers;
        block = nn.ModuleList(Enumerable.Range(0, layers)
            .Select(i => new T5Block(new BlockSite($"{prefix}.block.{i}", kind, i), config)).ToArray());
        final_layer_norm = new T5LayerNorm("final_layer_norm", config.DModel, config.LayerNormEpsilon);
        _positionBias = Blocks[0].Sublayers[0].Attention!.PositionBias!;
        register_module("block", block);
        register_module("final_layer_norm", final_layer_norm);
    }

    public StackKind Kind { get; }

    public IReadOnlyList<T5Block> Blocks => [.. block];

    /// <summary>Block 0's table, shared by every block of this stack.</summary>
    private readonly RelativePositionBias _positionBias;

    /// <summary>Runs the blocks over embeddings. <paramref name="selfMask"/> is additive over the stack's own keys,
    /// cached ones included and any key/value prefix excluded.</summary>
    internal Tensor Forward(Tensor embeddings, Tensor selfMask, Tensor? encoderHidden, Tensor? encoderMask, HookContext context, IReadOnlyList<BlockCache>? caches)
    {
        var dtype = embeddings.dtype;
        using var memo = new PositionBiasMemo(_positionBias, dtype);
        var inputs = new BlockInputs(selfMask, memo, encoderHidden,
            encoderMask is null ? null : AttentionMasks.InDtype(encoderMask, dtype));
        var hidden = context.Dropout(embeddings, _dropout, $"{_name}.embed_dropout");
        for (int i = 0; i < block.Count; i++)
            hidden = block[i].Forward(hidden, inputs, context, caches?[i]);
        return context.Dropout(final_layer_norm.Forward(hidden), _dropout, $"{_name}.dropout");
    }
}
