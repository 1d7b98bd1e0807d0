using PeftU.Abstractions.Tasks;
using PeftU.Data.Format;
using PeftU.Data.Raw;
using PeftU.Data.Splits;

namespace PeftU.Data.Tests;

public sealed class SplitParityTests
{
    [Fact]
    public void Preparing_the_synthetic_raw_file_gives_the_originals_bytes()
    {
        var dataset = PeftUSplitter.Split(AnnotatorColumnsReader.Read(SyntheticReference.File("annotations.csv")));
        string expected = File.ReadAllText(SyntheticReference.File("user_data_leaked.json"));
        Assert.Equal(expected, UserDataWriter.ToJson(dataset));
    }

    [Fact]
    public void Split_sizes_and_ids_match_the_originals_summary()
    {
        var dataset = PeftUSplitter.Split(AnnotatorColumnsReader.Read(SyntheticReference.File("annotations.csv")));
        var summary = SyntheticReference.Json(SyntheticReference.File("expected_split_summary.json"));
        Assert.Equal(summary.EnumerateObject().Select(p => p.Name), dataset.Users.Select(u => u.UserId));
        foreach (var user in dataset.Users)
        {
            foreach (var split in SplitNames.All)
            {
                var expected = summary.GetProperty(user.UserId).GetProperty(split.Key());
                Assert.Equal(expected.GetProperty("count").GetInt32(), user[split].Count);
                Assert.Equal(expected.GetProperty("ids").EnumerateArray().Select(i => i.GetString()),
                    user[split].Select(s => s.Id).Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public void Multi_label_samples_stay_in_one_split_and_users_under_ten_samples_are_dropped()
    {
        var raw = new RawAnnotations();
        for (int i = 0; i < 12; i++)
            raw.Add("u1", new Sample($"s{i}", $"text {i}", i % 3 == 0 ? ["a", "b"] : [i % 2 == 0 ? "a" : "b"]));
        for (int i = 0; i < 9; i++)
            raw.Add("small", new Sample($"s{i}", $"text {i}", ["a"]));
        var dataset = PeftUSplitter.Split(raw);
        var user = Assert.Single(dataset.Users);
        Assert.Equal("u1", user.UserId);
        Assert.Equal(12, user.Count);
        Assert.Equal(12, user.All.Select(s => s.Id).Distinct().Count());
    }
}
