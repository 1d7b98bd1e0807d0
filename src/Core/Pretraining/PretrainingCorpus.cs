using PeftU.Abstractions;
using PeftU.Abstractions.Tasks;

namespace PeftU.Core.Pretraining;

/// <summary>What <c>peftu pretrain-tiny</c> trains the bundled backbone on: the synthetic task's pre-training corpus
/// (the task's topics and labelling rules in sentence frames of its own, so no text of any task split is among them),
/// every text once with the label most annotators gave it — the shared view a general model would hold.</summary>
public static class PretrainingCorpus
{
    /// <summary><c>pretrain-tiny</c>'s defaults: 31 = 11 + 10 + 10 annotators per rule (3 labels), so one rule is the
    /// majority and every text has one majority label; the seed of the task's rules, the init and the data order.</summary>
    public const int Annotators = 31, Seed = 42;

    /// <summary>One pooled text: its zero-shot prompt and its majority label (ties: the task's first label).</summary>
    public sealed record Entry(string SampleId, string Text, string Prompt, string Label);

    /// <summary>The synthetic task's options for the corpus: all 800 texts, labelled by <paramref name="users"/>
    /// annotators with the rules the task draws from <paramref name="seed"/>.</summary>
    public static IReadOnlyDictionary<string, object?> SyntheticOptions(int users, int seed) => new Dictionary<string, object?>
    {
        ["corpus"] = "pretraining",
        ["users"] = users,
        ["texts_per_user"] = 800,
        ["seed"] = seed,
    };

    /// <summary>Every text of <paramref name="task"/>'s data once (in sample-id order) with its majority label.</summary>
    public static IReadOnlyList<Entry> Pooled(IPeftTask task)
    {
        var labels = task.Definition.Labels;
        var users = task.Load(null).Users;
        var texts = users.SelectMany(u => u.All).GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal);
        return users
            .SelectMany(u => SplitNames.All.SelectMany(split => task.BuildPrompts(u, split, new PromptOptions(0, Faithful: true))))
            .GroupBy(s => s.SampleId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                string majority = g.GroupBy(s => s.Target).OrderByDescending(v => v.Count()).ThenBy(v => IndexOf(labels, v.Key)).First().Key;
                return new Entry(g.Key, texts[g.Key], g.First().ZeroShotPrompt, majority);
            })
            .ToList();
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] == label)
                return i;
        }
        return labels.Count;
    }
}
