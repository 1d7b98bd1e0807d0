using PeftU.Abstractions.Backbone;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PeftU.Core.Backbone;

/// <summary>HF <c>T5ForConditionalGeneration</c> in TorchSharp with HF parameter names (<c>shared.weight</c>,
/// <c>encoder.block.0.layer.0.SelfAttention.q.weight</c>, …, <c>lm_head.weight</c> when untied). The backbone is
/// frozen: no parameter requires grad; PEFT methods attach through <see cref="Hooks"/>.</summary>
public sealed class T5Model : nn.Module
{
    private readonly Embedding shared;
    private readonly T5Stack encoder, decoder;
    private readonly Linear? lm_head;
    private readonly T5Hooks _hooks;

    public T5Model(T5Config config) : base("T5ForConditionalGeneration")
    {
        Config = config;
        shared = nn.Embedding(config.VocabSize, config.DModel);
        encoder = new T5Stack(StackKind.Encoder, config);
        decoder = new T5Stack(StackKind.Decoder, config);
        register_module("shared", shared);
        register_module("encoder", encoder);
        register_module("decoder", decoder);
        if (!config.TieWordEmbeddings)
        {
            lm_head = nn.Linear(config.DModel, config.VocabSize, hasBias: false);
            register_module("lm_head", lm_head);
        }
        foreach (var parameter in parameters())
            parameter.requires_grad = false;
        _hooks = new T5Hooks(config.ToDims(), [encoder, decoder], () => shared.weight!);
    }

    public T5Config Config { get; }

    /// <summary>Hook points for PEFT methods.</summary>
    public IBackboneHooks Hooks => _hooks;

    /// <summary>Pairs the model with its tokenizer so methods can initialise from text (<see cref="IBackboneHooks.Tokenize"/>).</summary>
    public void AttachTokenizer(Func<string, int[]> tokenize) => _hooks.Tokenizer = tokenize;

    public ScalarType Dtype => shared.weight!.dtype;

    public Device Device => shared.weight!.device;

    /// <summary>Runs the encoder. <paramref name="userIndex"/> (int64 <c>[batch]</c>) is each row's user in the
    /// attached methods' banks; zeros when null. <paramref name="rowKeys"/> (int64 <c>[batch]</c>) keys each row's
    /// random draws (<see cref="RowRandom"/>) in training mode; drawn from torch's generator when null.</summary>
    public EncoderOutput Encode(Tensor inputIds, Tensor attentionMask, Tensor? userIndex = null, Tensor? rowKeys = null)
    {
        // Every entry point runs in a dispose scope of its own, whoever calls it: a temporary outside any scope could be
        // finalized during the native call that uses it (docs/architecture.md §4, temporary tensors).
        using var scope = NewDisposeScope();
        CheckIds(inputIds, "input_ids");
        CheckMask(attentionMask, inputIds, "attention_mask");
        var context = Context(inputIds.shape[0], userIndex, rowKeys);
        var embeddings = Embed(inputIds);
        var mask = attentionMask.to(ScalarType.Int64);
        if (!_hooks.EmbeddingPrefix.IsEmpty)
        {
            var prefix = _hooks.EmbeddingPrefix.Items[0](embeddings, context);
            if (prefix.dim() != 3 || prefix.shape[0] != embeddings.shape[0] || prefix.shape[2] != Config.DModel)
                throw new BackboneException(
                    $"encoder embedding prefix has shape [{string.Join(", ", prefix.shape)}], expected [{embeddings.shape[0]}, prefix_length, {Config.DModel}].");
            embeddings = cat([prefix.to(embeddings.dtype), embeddings], 1);
            mask = cat([ones(prefix.shape[0], prefix.shape[1], dtype: ScalarType.Int64, device: mask.device), mask], 1);
        }
        var hidden = encoder.Forward(embeddings, AttentionMasks.FromPadding(mask), null, null, context, null);
        return new EncoderOutput(hidden.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>Runs the decoder over <paramref name="decoderInputIds"/> and returns fp32 logits <c>[batch, length, vocab]</c>.
    /// With <paramref name="state"/>, keys and values are cached and only the new tokens need be passed.</summary>
    public Tensor Decode(Tensor decoderInputIds, EncoderOutput encoderOutput, Tensor? userIndex = null, DecoderState? state = null, Tensor? rowKeys = null)
    {
        using var scope = NewDisposeScope();  // as Forward
        return Logits(DecodeHidden(decoderInputIds, encoderOutput, userIndex, state, rowKeys)).MoveToOuterDisposeScope();
    }

    /// <summary><see cref="Decode"/> without the head: the decoder's final hidden states <c>[batch, length, d_model]</c>
    /// in the compute dtype, for callers that need logits at a few positions only (<see cref="Inference.TargetTokens"/>).</summary>
    public Tensor DecodeHidden(Tensor decoderInputIds, EncoderOutput encoderOutput, Tensor? userIndex = null, DecoderState? state = null, Tensor? rowKeys = null)
    {
        using var scope = NewDisposeScope();  // as Encode
        CheckIds(decoderInputIds, "decoder_input_ids");
        long batch = decoderInputIds.shape[0], length = decoderInputIds.shape[1];
        if (encoderOutput.Hidden.shape[0] != batch)
            throw new BackboneException($"decoder_input_ids has {batch} rows but the encoder output has {encoderOutput.Hidden.shape[0]}.");
        var context = Context(batch, userIndex, rowKeys);
        long past = state?.Past ?? 0;
        var hidden = decoder.Forward(
            Embed(decoderInputIds),
            AttentionMasks.Causal(length, past, decoderInputIds.device),
            encoderOutput.Hidden,
            AttentionMasks.FromPadding(encoderOutput.Mask),
            context,
            state?.Blocks);
        if (state is not null)
            state.Past = past + length;
        return hidden.MoveToOuterDisposeScope();
    }

    /// <summary>The head over final decoder hidden states (any leading shape): fp32 logits over the vocabulary.</summary>
    public Tensor Logits(Tensor hidden)
    {
        using var scope = NewDisposeScope();  // as Encode
        return LanguageModelHead(hidden).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>What autograd passes back through <see cref="Logits"/> to its input, given the gradient of the logits
    /// (fp32 <c>[tokens, vocab]</c>): the same cast and products, for a loss with a backward of its own
    /// (<see cref="Inference.TargetLogProbs"/>). The head is frozen, so it has no gradient of its own.</summary>
    public Tensor LogitsInputGrad(Tensor logitsGrad)
    {
        using var scope = NewDisposeScope();  // as Encode
        var grad = logitsGrad.to(Dtype);
        return (lm_head is not null
            ? grad.matmul(lm_head.weight!)
            : grad.matmul(shared.weight!) * TiedHeadScale).MoveToOuterDisposeScope();
    }

    /// <summary>Encoder + decoder, as HF's forward with <c>decoder_input_ids</c>; both halves draw from the same row keys
    /// (their sites differ).</summary>
    public Tensor Forward(Tensor inputIds, Tensor attentionMask, Tensor decoderInputIds, Tensor? userIndex = null, Tensor? rowKeys = null)
    {
        using var scope = NewDisposeScope();  // as Encode: the hidden states between the two calls stay rooted
        return Logits(ForwardHidden(inputIds, attentionMask, decoderInputIds, userIndex, rowKeys)).MoveToOuterDisposeScope();
    }

    /// <summary><see cref="Forward"/> without the head (<see cref="DecodeHidden"/>).</summary>
    public Tensor ForwardHidden(Tensor inputIds, Tensor attentionMask, Tensor decoderInputIds, Tensor? userIndex = null, Tensor? rowKeys = null)
    {
        using var scope = NewDisposeScope();  // as Encode
        rowKeys ??= training ? RowRandom.FromGlobalGenerator(inputIds.shape[0], Device).Keys : null;
        return DecodeHidden(decoderInputIds, Encode(inputIds, attentionMask, userIndex, rowKeys), userIndex, rowKeys: rowKeys)
            .MoveToOuterDisposeScope();
    }

    /// <summary>A fresh cache for incremental decoding.</summary>
    public DecoderState NewDecoderState() => new(Config.NumDecoderLayers);

    // Indexing the table (aten::index) rather than Embedding.forward (index_select): the same rows, and it also runs
    // on libtorch's meta device, where the device-placement tests run.
    private Tensor Embed(Tensor ids) => shared.weight![ids];

    private Tensor LanguageModelHead(Tensor hidden) =>
        lm_head is not null
            ? lm_head.forward(hidden)
            // Tied head (HF): rescale by d_model^-0.5 before projecting on the shared embedding.
            : nn.functional.linear(hidden * TiedHeadScale, shared.weight!);

    /// <summary>d_model^-0.5, by which a tied head scales its input (HF), forward and backward alike.</summary>
    private Scalar TiedHeadScale => TorchScalars.Of(Math.Pow(Config.DModel, -0.5));

    private HookContext Context(long batch, Tensor? userIndex, Tensor? rowKeys)
    {
        if (userIndex is not null && (userIndex.dim() != 1 || userIndex.shape[0] != batch))
            throw new BackboneException($"user index has shape [{string.Join(", ", userIndex.shape)}], expected [{batch}] (one user per row).");
        if (rowKeys is not null && (rowKeys.dim() != 1 || rowKeys.shape[0] != batch))
            throw new BackboneException($"row keys have shape [{string.Join(", ", rowKeys.shape)}], expected [{batch}] (one key per row).");
        // Made now, not on a hook's first use: sublayers run in dispose scopes of their own, and a tensor first made
        // inside one would be freed before the next sublayer's hooks read it.
        var device = Device;
        var rows = userIndex ?? zeros(batch, dtype: ScalarType.Int64, device: device);
        var random = rowKeys is not null ? new RowRandom(rowKeys) : training ? RowRandom.FromGlobalGenerator(batch, device) : null;
        return new HookContext(() => rows, () => random ?? throw new BackboneException("HookContext.Random is for training mode only: in eval mode nothing is dropped and no draws are keyed."),
            training, Dtype, device);
    }

    private void CheckIds(Tensor ids, string name)
    {
        if (ids.dim() != 2)
            throw new BackboneException($"{name} must be [batch, length], got [{string.Join(", ", ids.shape)}].");
        if (ids.dtype != ScalarType.Int64)
            throw new BackboneException($"{name} must be int64, got {ids.dtype}.");
        // Meta tensors (device-placement tests) carry shapes but no values to range-check.
        if (ids.numel() > 0 && ids.device_type != DeviceType.META && (ids.min().item<long>() < 0 || ids.max().item<long>() >= Config.VocabSize))
            throw new BackboneException($"{name} holds ids outside the vocabulary [0, {Config.VocabSize}).");
    }

    private static void CheckMask(Tensor mask, Tensor ids, string name)
    {
        if (!mask.shape.SequenceEqual(ids.shape))
            throw new BackboneException($"{name} has shape [{string.Join(", ", mask.shape)}] but input_ids has [{string.Join(", ", ids.shape)}].");
    }
}
