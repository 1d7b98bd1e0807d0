using PeftU.Abstractions;
using PeftU.Abstractions.Methods;
using PeftU.Abstractions.Tasks;

namespace PeftU.Core.Experiments;

/// <summary>The prompts a cell trains and tests on, as the original builds them (faithful mode) — shared by the runner
/// and the plan's cost estimate so both see the same texts.</summary>
public static class ExperimentPrompts
{
    /// <summary>Demonstrations per prompt: a frozen method's own (few-shot k), else the evaluation section's shots.</summary>
    public static int Shots(IPeftMethod method, EvaluationSpec evaluation) =>
        method is FrozenModelMethod frozen ? frozen.Shots : evaluation.Shots;

    public static List<(PromptedSample Sample, string Prompt)> Build(IPeftTask task, UserData user, SplitName split, int shots) =>
        [.. task.BuildPrompts(user, split, new PromptOptions(Math.Max(shots, 0), Faithful: true))
            .Select(s => (s, shots > 0 ? s.FewShotPrompt : s.ZeroShotPrompt))];
}
