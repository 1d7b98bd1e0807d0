using PeftU.Data.Format;
using PeftU.Data.Raw;
using PeftU.Data.Splits;

namespace PeftU.Data.Tests;

/// <summary>Each preparer on its task's synthetic raw files writes the original's user_data_leaked.json byte for byte.</summary>
public sealed class PreparerParityTests
{
    public static TheoryData<string> Tasks => new(PrepareReference.Tasks.Where(t => t != "goemotion"));

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Preparing_the_raw_folder_gives_the_originals_bytes(string task)
    {
        var dataset = PeftUSplitter.Split(RawSources.Find(task)!.Read(PrepareReference.Dir(task)));
        string expected = File.ReadAllText(PrepareReference.File(task, "user_data_leaked.json"));
        Assert.Equal(expected, UserDataWriter.ToJson(dataset));
    }
}
