using PeftU.Abstractions.Tasks;
using PeftU.Data.Format;

namespace PeftU.Data.Prompts;

/// <summary>Builds each user's prompts as the original <c>load_dataset_with_prompts</c> does (one demo per label, at most
/// <see cref="MaxDemos"/>, seed 42 re-applied per split). Faithful mode (default) keeps the original's quirks; fixed mode
/// corrects them:
/// <list type="number">
/// <item>Self-demo: the original meant to exclude a train sample from its own demos but compared the label <i>list</i>
/// with a label <i>string</i>, so the exclusion never happens. Fixed: a train sample is never its own demo (by sample id,
/// for every label it carries), and a label whose only text is the sample itself gets no demo.</item>
/// <item>Demo pool by text: the original's (never-run) exclusion looked texts up by value, so a duplicate text elsewhere
/// would have been removed instead. Fixed mode excludes by sample id.</item>
/// </list>
/// Kept in both modes (they are the protocol, not bugs): demos only for labels seen in the user's train split, in
/// sorted label order, truncated to the first three — so tasks with more than three labels show demos of the
/// alphabetically first three only.</summary>
public static class PromptBuilder
{
    public const int Seed = 42;
    public const int MaxDemos = 3;
    public const int DemosPerLabel = 1;

    public static IReadOnlyList<PromptedSample> Build(UserData user, SplitName split, string instruction, bool faithful = true, int maxDemos = MaxDemos)
    {
        var labelOptions = user.Train.SelectMany(s => s.Labels).Distinct().Order(StringComparer.Ordinal).ToList();
        var pool = labelOptions.ToDictionary(l => l, l => user.Train.Where(s => s.Labels.Contains(l)).ToList());
        var random = new PythonRandom(Seed);
        var result = new List<PromptedSample>();
        foreach (var sample in user[split])
        {
            var demos = new List<(string, string)>();
            foreach (var label in labelOptions)
            {
                var candidates = pool[label];
                if (!faithful && split == SplitName.Train)
                    candidates = candidates.Where(c => c.Id != sample.Id).ToList();
                var chosen = random.Sample(candidates, Math.Min(DemosPerLabel, candidates.Count));
                demos.AddRange(chosen.Select(c => (c.Text, label)));
            }
            var kept = demos.Take(maxDemos).ToList();
            result.Add(new PromptedSample(
                sample.Id,
                TaskText.Prompt(instruction, kept, sample.Text),
                TaskText.Prompt(instruction, [], sample.Text),
                TaskText.Target(sample.Labels),
                sample.Labels));
        }
        return result;
    }
}
