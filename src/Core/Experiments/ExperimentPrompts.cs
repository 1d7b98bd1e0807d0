using PeftU.Abstractions;
using PeftU.Abstractions.Methods;
using PeftU.Abstractions.Tasks;

namespace PeftU.Core.Experiments;

/// <summary>The prompts a cell trains and tests on, as the original builds them (faithful mode) — shared by the runner
/// and the plan's cost estimate so both see the same texts.</summary>
public static class ExperimentPrompts
{
    /// <summary>Demonstrations per prompt: a frozen method's own (few-shot k), else the prompts section's shots — the
    /// same for training, validation and test, as the original feeds every split the demo prompt.</summary>
    public static int Shots(IPeftMethod method, PromptsSpec prompts) =>
        method is FrozenModelMethod frozen ? frozen.Shots : prompts.Shots;

    public static List<(PromptedSample Sample, string Prompt)> Build(IPeftTask task, UserData user, SplitName split, int shots, bool faithful = true) =>
        [.. task.BuildPrompts(user, split, new PromptOptions(Math.Max(shots, 0), Faithful: faithful))
            .Select(s => (s, shots > 0 ? s.FewShotPrompt : s.ZeroShotPrompt))];
}
