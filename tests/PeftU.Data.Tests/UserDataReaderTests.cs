using PeftU.Abstractions.Tasks;
using System.Text;
using PeftU.Data.Format;

namespace PeftU.Data.Tests;

public sealed class UserDataReaderTests
{
    [Fact]
    public void Every_problem_is_reported_at_once_naming_user_sample_and_file()
    {
        const string json = """
            {"u1": {"train": {"a": {"text": "x", "label": []}, "b": {"text": "y", "label": ["Maybe"]}},
                    "val": {"a": {"text": "z", "label": ["Yes"]}}},
             "u2": {"train": {}, "val": {}, "test": {"c": {"label": ["No"]}}}}
            """;
        var error = Assert.Throws<DataFormatException>(() => UserDataReader.Parse(Encoding.UTF8.GetBytes(json), "data.json", ["Yes", "No"]));
        Assert.StartsWith("data.json: 5 problem(s)", error.Message);
        Assert.Contains("user 'u1', sample 'a': 'label' is empty", error.Message);
        Assert.Contains("user 'u1', sample 'b': unknown label 'Maybe' (the task's labels: Yes, No)", error.Message);
        Assert.Contains("user 'u1', sample 'a': duplicate sample id (already in 'train')", error.Message);
        Assert.Contains("user 'u1': split 'test' is missing", error.Message);
        Assert.Contains("user 'u2', sample 'c': 'text' is missing or not a string", error.Message);
    }

    [Fact]
    public void Truncated_json_is_an_error_not_a_crash()
    {
        var error = Assert.Throws<DataFormatException>(() => UserDataReader.Parse("{\"u1\": {\"train\": {"u8, "cut.json"));
        Assert.Contains("cut.json", error.Message);
    }

    [Fact]
    public void Reading_what_the_writer_wrote_gives_the_same_dataset_in_the_same_order()
    {
        var dataset = UserDataReader.Read(SyntheticReference.File("user_data_leaked.json"));
        var again = UserDataReader.Parse(Encoding.UTF8.GetBytes(UserDataWriter.ToJson(dataset)), "again");
        Assert.Equal(dataset.Users.Select(u => u.UserId), again.Users.Select(u => u.UserId));
        for (int u = 0; u < dataset.Users.Count; u++)
            Assert.Equal(dataset.Users[u].All, again.Users[u].All);
    }

    [Fact]
    public void Writer_escapes_like_python_json_dump()
    {
        var user = new UserData("ü", [new Sample("1", "café \"q\" \\ \n 😀 \u007f", ["a"])], [], []);
        Assert.Equal("""{"\u00fc": {"train": {"1": {"text": "caf\u00e9 \"q\" \\ \n \ud83d\ude00 \u007f", "label": ["a"]}}, "val": {}, "test": {}}}""",
            UserDataWriter.ToJson(new PersonalizedDataset([user])));
    }

    [Theory]
    [InlineData("10,9,100,2", "2,9,10,100")]
    [InlineData("ff,1a,0b", "0b,1a,ff")]
    [InlineData("worker_10,worker_2,worker_1", "worker_1,worker_2,worker_10")]
    [InlineData("b,a,c_1", "a,b,c_1")]
    public void Users_are_ordered_as_the_original_sorts_them(string ids, string expected)
    {
        Assert.Equal(expected.Split(','), UserOrder.Sort(ids.Split(','), id => id));
    }
}

public sealed class StreamingReaderTests
{
    [Fact]
    public void A_file_far_larger_than_the_read_window_with_long_texts_reads_completely()
    {
        var users = Enumerable.Range(0, 30).Select(u => new UserData($"u{u}",
            Enumerable.Range(0, 40).Select(i => new Sample($"s{i}", new string('x', i == 39 ? 100_000 : 5000 + i) + " é", ["a"])).ToList(), [], [])).ToList();
        string json = UserDataWriter.ToJson(new PersonalizedDataset(users)); // ~9 MB; 5 KB tokens and 100 KB ones, larger than the 64 KB window
        var read = UserDataReader.Parse(Encoding.UTF8.GetBytes(json), "big");
        Assert.Equal(30, read.Users.Count);
        Assert.Equal(users[29].Train[39], read.Users[29].Train[39]);
    }
}
