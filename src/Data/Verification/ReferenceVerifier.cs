using System.Text.Json;
using PeftU.Abstractions.Tasks;
using PeftU.Data.Format;
using PeftU.Data.Prompts;
using PeftU.Data.Raw;
using PeftU.Data.Splits;

namespace PeftU.Data.Verification;

/// <summary>Checks this port against a PEFT-U reference folder (../shared/data/peft-u layout): the split of a raw file
/// byte for byte, split summaries and prompts, and the raw-file preparers (<see cref="PreparerVerifier"/>). Used by <c>peftu data verify</c>; the reference is never committed.</summary>
public static class ReferenceVerifier
{
    public sealed record Check(string Name, IReadOnlyList<string> Mismatches)
    {
        public bool Passed => Mismatches.Count == 0;
    }

    public static IReadOnlyList<Check> Run(string referenceDir, Func<string, string> instructionOf)
    {
        var checks = new List<Check>();
        string synthetic = Path.Combine(referenceDir, "synthetic");
        if (File.Exists(Path.Combine(synthetic, "annotations.csv")))
        {
            var prepared = PeftUSplitter.Split(AnnotatorColumnsReader.Read(Path.Combine(synthetic, "annotations.csv")));
            string expected = File.ReadAllText(Path.Combine(synthetic, "user_data_leaked.json"));
            checks.Add(new("synthetic: prepared user_data_leaked.json is byte-identical",
                UserDataWriter.ToJson(prepared) == expected ? [] : ["the prepared JSON differs from the reference"]));
            checks.Add(SummaryCheck("synthetic", prepared, Path.Combine(synthetic, "expected_split_summary.json")));
            checks.Add(PromptCheck("synthetic", prepared, Path.Combine(synthetic, "expected_prompts.json"), instructionOf("tweeteval")));
        }
        string tweeteval = Path.Combine(referenceDir, "tweeteval");
        if (File.Exists(Path.Combine(tweeteval, "user_data_leaked.json")))
        {
            var loaded = UserDataReader.Read(Path.Combine(tweeteval, "user_data_leaked.json"));
            checks.Add(SummaryCheck("tweeteval", loaded, Path.Combine(tweeteval, "expected_split_summary.json")));
            checks.Add(PromptCheck("tweeteval", loaded, Path.Combine(tweeteval, "expected_prompts.json"), instructionOf("tweeteval")));
        }
        checks.AddRange(PreparerVerifier.Run(referenceDir, instructionOf));
        if (checks.Count == 0)
            checks.Add(new($"reference folder {referenceDir}", ["none of synthetic/annotations.csv, tweeteval/user_data_leaked.json, prepare/<task>/ is there"]));
        return checks;
    }

    private static Check SummaryCheck(string name, PersonalizedDataset dataset, string summaryPath)
    {
        var mismatches = new List<string>();
        using var summary = JsonDocument.Parse(File.ReadAllBytes(summaryPath));
        var expectedUsers = summary.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        if (!expectedUsers.SequenceEqual(dataset.Users.Select(u => u.UserId)))
            mismatches.Add("users or their order differ");
        foreach (var user in dataset.Users.Where(u => summary.RootElement.TryGetProperty(u.UserId, out _)))
        {
            foreach (var split in SplitNames.All)
            {
                var expected = summary.RootElement.GetProperty(user.UserId).GetProperty(split.Key());
                var ids = expected.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!).ToList();
                if (!ids.SequenceEqual(user[split].Select(s => s.Id).Order(StringComparer.Ordinal)))
                    mismatches.Add($"user {user.UserId} {split.Key()}: ids differ ({user[split].Count} vs {ids.Count})");
            }
        }
        return new($"{name}: split sizes and ids match expected_split_summary.json", mismatches);
    }

    /// <summary>The prompts built from <paramref name="dataset"/> against an expected_prompts.json: every field it has
    /// (the preparers' references hold only the few-shot prompt).</summary>
    internal static Check PromptCheck(string name, PersonalizedDataset dataset, string promptsPath, string instruction)
    {
        var mismatches = new List<string>();
        using var expected = JsonDocument.Parse(File.ReadAllBytes(promptsPath));
        int compared = 0;
        foreach (var user in expected.RootElement.EnumerateObject())
        {
            var data = dataset.Find(user.Name);
            if (data is null)
            {
                mismatches.Add($"user {user.Name} missing");
                continue;
            }
            foreach (var split in user.Value.EnumerateObject())
            {
                var built = PromptBuilder.Build(data, SplitNames.All.Single(s => s.Key() == split.Name), instruction).ToDictionary(p => p.SampleId);
                foreach (var sample in split.Value.EnumerateArray())
                {
                    compared++;
                    string id = sample.GetProperty("sample_id").GetString()!;
                    if (!built.TryGetValue(id, out var prompt))
                        mismatches.Add($"user {user.Name} {split.Name} {id}: sample missing");
                    else if (prompt.FewShotPrompt != sample.GetProperty("few_shot_prompt").GetString()
                             || Differs(sample, "zero_shot_prompt", prompt.ZeroShotPrompt)
                             || Differs(sample, "target", prompt.Target))
                        mismatches.Add($"user {user.Name} {split.Name} {id}: prompt or target differs");
                }
            }
        }
        return new($"{name}: {compared} prompts match expected_prompts.json", mismatches);
    }

    private static bool Differs(JsonElement sample, string field, string built) =>
        sample.TryGetProperty(field, out var expected) && expected.GetString() != built;
}
