using PeftU.Abstractions;
using PeftU.Core.Adapters;

namespace PeftU.Serving;

/// <summary>One task × method cell of a run as served: its settings, the task plugin that builds prompts and parses
/// answers, each known user's prompt material and, for trained methods, the bank of their modules.</summary>
internal sealed class ServedCell : IDisposable
{
    private readonly Dictionary<string, UserPrompts> _prompts = new(StringComparer.Ordinal);
    private readonly UserPrompts _bare;

    public ServedCell(ServingCell info, IPeftTask task, SlotBank? bank)
    {
        Info = info;
        Task = task;
        Bank = bank;
        _bare = new UserPrompts(task, new ServingUser("", [], []), 0, info.Faithful);
    }

    public ServingCell Info { get; }

    public IPeftTask Task { get; }

    /// <summary>Null for frozen methods (zero-shot, few-shot).</summary>
    public SlotBank? Bank { get; }

    /// <summary>A frozen method without demos answers every user the same way: no user needs to be known.</summary>
    public bool AnswersAnyUser => Bank is null && Info.Shots <= 0;

    public IEnumerable<string> Users => Bank?.Users ?? (IEnumerable<string>)_prompts.Keys;

    public bool Knows(string user) => Bank is { } bank ? bank.TryGetSlot(user, out _) : _prompts.ContainsKey(user);

    public void SetPrompts(ServingUser user) =>
        _prompts[user.User] = new UserPrompts(Task, user, Info.Shots, Info.Faithful);

    public void RemovePrompts(string user) => _prompts.Remove(user);

    /// <summary>The prompt the run built for this user and text; users without stored material (uploaded without a
    /// <c>prompt.json</c>) get the prompt built from no train examples, i.e. no demos.</summary>
    public string Prompt(string user, string text) =>
        (_prompts.TryGetValue(user, out var prompts) ? prompts : Info.Shots <= 0 ? _bare : NoDemos(user)).Prompt(text);

    /// <summary>The frozen backbone's prompt for a user without a module: the bare query, as the zero-shot method.</summary>
    public string BasePrompt(string text) => _bare.Prompt(text);

    private UserPrompts NoDemos(string user) => new(Task, new ServingUser(user, [], []), Info.Shots, Info.Faithful);

    public void Dispose() => Bank?.Dispose();
}
