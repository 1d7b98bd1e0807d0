namespace PeftU.Core.Backbone;

/// <summary>Hooks registered at one site; an unhooked site costs one empty-span loop.</summary>
internal sealed class HookList<T> where T : Delegate
{
    private T[] _items = [];

    public bool IsEmpty => _items.Length == 0;

    public ReadOnlySpan<T> Items => _items;

    public IDisposable Add(T hook)
    {
        _items = [.. _items, hook];
        return new Detach(() => _items = [.. _items.Where(h => !ReferenceEquals(h, hook))]);
    }

    /// <summary>For hooks of which a site holds at most one (prefixes).</summary>
    public IDisposable SetSingle(T hook, string siteName)
    {
        if (!IsEmpty)
            throw new InvalidOperationException($"{siteName} already has a {typeof(T).Name}; detach it first (one per site).");
        return Add(hook);
    }

    private sealed class Detach(Action action) : IDisposable
    {
        private Action? _action = action;

        public void Dispose()
        {
            _action?.Invoke();
            _action = null;
        }
    }
}
