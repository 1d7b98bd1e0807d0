using PeftU.Abstractions;
using PeftU.Abstractions.Tasks;
using PeftU.Core.Adapters;
using PeftU.Core.Experiments;

namespace PeftU.Serving;

/// <summary>Builds one user's prompts through the task plugin, as the run did (<see cref="ExperimentPrompts.Build"/>):
/// a text of the user's test split gets exactly the prompt the run evaluated (its own demo draw); any other text is
/// built as a one-sample test split, so it gets the demos of the user's first test prompt. Without demos the prompt is
/// the bare query.</summary>
internal sealed class UserPrompts(IPeftTask task, ServingUser user, int shots, bool faithful)
{
    private const string ServedSampleId = "served";
    private Dictionary<string, string>? _tested;

    public ServingUser User => user;

    public string Prompt(string text)
    {
        if (shots > 0 && Tested().TryGetValue(text, out var prompt))
            return prompt;
        return ExperimentPrompts.Build(task, user.ToUserData([new Sample(ServedSampleId, text, [])]), SplitName.Test, shots, faithful)[0].Prompt;
    }

    private Dictionary<string, string> Tested()
    {
        if (_tested is null)
        {
            var test = user.Test.Select(s => new Sample(s.Id, s.Text, s.Labels)).ToList();
            var texts = test.ToDictionary(s => s.Id, s => s.Text, StringComparer.Ordinal);
            _tested = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (sample, prompt) in ExperimentPrompts.Build(task, user.ToUserData(test), SplitName.Test, shots, faithful))
                _tested.TryAdd(texts[sample.SampleId], prompt);
        }
        return _tested;
    }
}
