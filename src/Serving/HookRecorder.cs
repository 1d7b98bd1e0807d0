using PeftU.Abstractions.Backbone;
using TorchSharp;

namespace PeftU.Serving;

/// <summary>The backbone's hook points as one method's bank sees them, with its hooks held back: a bank attaches to a
/// recorder, and its hooks reach the real backbone only while <see cref="Activate"/>'s handle is held. Every method of
/// a served run attaches its bank once to its own recorder on one shared backbone, and the engine activates one per
/// forward pass, so banks never see each other (two prompt methods would otherwise both claim the one embedding
/// prefix) and an inactive bank costs nothing.</summary>
internal sealed class HookRecorder(IBackboneHooks real) : IBackboneHooks
{
    private readonly List<Func<IDisposable>> _registrations = [];
    private readonly List<IDisposable> _active = [];
    private bool _isActive;

    public BackboneDims Dims => real.Dims;
    public torch.Device Device => real.Device;
    public torch.ScalarType ComputeDtype => real.ComputeDtype;
    public torch.Tensor SharedEmbedding => real.SharedEmbedding;
    public int[] Tokenize(string text) => real.Tokenize(text);
    public IReadOnlyList<LinearSite> Linears => real.Linears;
    public IReadOnlyList<SublayerSite> Sublayers => real.Sublayers;
    public IReadOnlyList<AttentionSite> Attentions => real.Attentions;
    public IReadOnlyList<BlockSite> Blocks => real.Blocks;

    /// <summary>Hooks recorded (what the bank attached and has not detached).</summary>
    public int Count => _registrations.Count;

    public IDisposable AddLinearInput(LinearSite site, LinearInputHook hook) => Record(() => real.AddLinearInput(site, hook));
    public IDisposable AddLinearOutput(LinearSite site, LinearOutputHook hook) => Record(() => real.AddLinearOutput(site, hook));
    public IDisposable AddSublayerOutput(SublayerSite site, SublayerOutputHook hook) => Record(() => real.AddSublayerOutput(site, hook));
    public IDisposable AddBlockOutput(BlockSite site, BlockOutputHook hook) => Record(() => real.AddBlockOutput(site, hook));
    public IDisposable SetKeyValuePrefix(AttentionSite site, KeyValuePrefixHook hook) => Record(() => real.SetKeyValuePrefix(site, hook));
    public IDisposable SetEncoderEmbeddingPrefix(EmbeddingPrefixHook hook) => Record(() => real.SetEncoderEmbeddingPrefix(hook));

    /// <summary>Registers every recorded hook on the backbone until the handle is disposed. One recorder at a time:
    /// the engine's single worker runs every forward pass.</summary>
    public IDisposable Activate()
    {
        if (_isActive)
            throw new InvalidOperationException("this bank's hooks are already active.");
        _isActive = true;
        try
        {
            foreach (var register in _registrations)
                _active.Add(register());
        }
        catch
        {
            Deactivate();
            throw;
        }
        return new Handle(Deactivate);
    }

    private void Deactivate()
    {
        foreach (var handle in _active)
            handle.Dispose();
        _active.Clear();
        _isActive = false;
    }

    private IDisposable Record(Func<IDisposable> register)
    {
        if (_isActive)
            throw new InvalidOperationException("a bank cannot attach hooks while its hooks are active.");
        _registrations.Add(register);
        return new Handle(() => _registrations.Remove(register));
    }

    private sealed class Handle(Action action) : IDisposable
    {
        private Action? _action = action;

        public void Dispose()
        {
            _action?.Invoke();
            _action = null;
        }
    }
}
