using System.Text.Json;
using PeftU.Abstractions.Tasks;
using PeftU.Data.Format;
using PeftU.Data.Prompts;
using PeftU.Data.Raw;
using PeftU.Data.Splits;
using static PeftU.Data.Verification.ReferenceVerifier;

namespace PeftU.Data.Verification;

/// <summary>The raw-file preparers against the reference's <c>prepare/&lt;task&gt;/</c> folders (raw files, the
/// original's <c>user_data_leaked.json</c> and few-shot prompts): prepared bytes and prompts must match.</summary>
public static class PreparerVerifier
{
    public static IEnumerable<Check> Run(string referenceDir, Func<string, string> instructionOf)
    {
        string root = Path.Combine(referenceDir, "prepare");
        if (!Directory.Exists(root))
            yield break;
        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            string task = Path.GetFileName(dir);
            string raw = Path.Combine(dir, "raw"), expectedPath = Path.Combine(dir, "user_data_leaked.json");
            if (RawSources.Find(task) is not { } source || !Directory.Exists(raw) || !File.Exists(expectedPath))
                continue;
            var prepared = PeftUSplitter.Split(source.Read(raw));
            yield return BytesCheck(task, source, prepared, expectedPath);
            string promptsPath = Path.Combine(dir, "expected_prompts.json");
            if (File.Exists(promptsPath))
                yield return ReferenceVerifier.PromptCheck(task, prepared, promptsPath, instructionOf(task));
        }
    }

    private static Check BytesCheck(string task, RawSource source, PersonalizedDataset prepared, string expectedPath)
    {
        bool same = source.UnorderedLabels
            ? UserDataWriter.ToJson(LabelSets.Sorted(prepared)) == UserDataWriter.ToJson(LabelSets.Sorted(UserDataReader.Read(expectedPath)))
            : UserDataWriter.ToJson(prepared) == File.ReadAllText(expectedPath);
        string name = source.UnorderedLabels
            ? $"{task}: prepared user_data_leaked.json is byte-identical (labels compared as sets: the original's come from a Python set)"
            : $"{task}: prepared user_data_leaked.json is byte-identical";
        return new(name, same ? [] : ["the prepared JSON differs from the reference"]);
    }
}
