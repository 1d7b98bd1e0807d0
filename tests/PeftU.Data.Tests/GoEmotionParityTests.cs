using System.Text.Json;
using PeftU.Abstractions.Tasks;
using PeftU.Data.Format;
using PeftU.Data.Raw;
using PeftU.Data.Splits;
using PeftU.Data.Verification;

namespace PeftU.Data.Tests;

/// <summary>GoEmotion against the original's output. The original collects a sample's labels in a Python set, whose
/// order changes with the interpreter's hash seed, so labels are compared as sets; everything else byte for byte.</summary>
public sealed class GoEmotionParityTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "peftu-goemotion-" + Guid.NewGuid().ToString("N"));

    public GoEmotionParityTests()
    {
        Directory.CreateDirectory(_dir);
        foreach (var name in GoEmotionReader.FileNames)
            File.Copy(PrepareReference.File("goemotion", name), Path.Combine(_dir, name));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_embedded_mapping_gives_the_originals_output()
    {
        Assert.False(File.Exists(PrepareReference.File("goemotion", EkmanMapping.FileName)), "the fixture has no mapping file: the embedded one is used");
        AssertMatchesReference(PrepareReference.Dir("goemotion"));
    }

    [Fact]
    public void A_mapping_file_in_the_raw_folder_is_read_as_the_original_does()
    {
        WriteMapping(EkmanMapping.Published);
        AssertMatchesReference(_dir);

        WriteMapping(EkmanMapping.Published.Select(g => g.Key == "joy" ? new KeyValuePair<string, string[]>("happiness", g.Value) : g).ToList());
        var raw = GoEmotionReader.Read(_dir);
        var labels = raw.Users.SelectMany(u => raw[u]).SelectMany(s => s.Labels).ToHashSet();
        Assert.Contains("happiness", labels);
        Assert.DoesNotContain("joy", labels);
    }

    [Fact]
    public void An_emotion_column_the_mapping_lacks_is_an_error_naming_file_line_and_column()
    {
        WriteMapping(EkmanMapping.Published.Where(g => g.Key != "surprise").ToList());
        var error = Assert.Throws<DataFormatException>(() => GoEmotionReader.Read(_dir));
        Assert.EndsWith("goemotions_1.csv", error.File);
        Assert.Matches(@"line \d+: column \d+ \('(surprise|realization|confusion|curiosity)'\) is not an emotion of ekman_mapping.json", error.Message);
    }

    private void WriteMapping(IReadOnlyList<KeyValuePair<string, string[]>> grouping) =>
        File.WriteAllText(Path.Combine(_dir, EkmanMapping.FileName), JsonSerializer.Serialize(grouping.ToDictionary(g => g.Key, g => g.Value)));

    private static void AssertMatchesReference(string rawPath)
    {
        var prepared = PeftUSplitter.Split(GoEmotionReader.Read(rawPath));
        var expected = UserDataReader.Read(PrepareReference.File("goemotion", "user_data_leaked.json"));
        Assert.Contains(expected.Users, u => u.All.Any(s => s.Labels.Count > 1)); // the set order matters somewhere
        Assert.Equal(UserDataWriter.ToJson(LabelSets.Sorted(expected)), UserDataWriter.ToJson(LabelSets.Sorted(prepared)));
    }
}
