namespace PeftU.Abstractions.Tasks;

/// <summary>The three per-user splits, in the order the original writes them.</summary>
public enum SplitName
{
    Train,
    Val,
    Test,
}

public static class SplitNames
{
    public static readonly IReadOnlyList<SplitName> All = [SplitName.Train, SplitName.Val, SplitName.Test];

    /// <summary>The JSON key: train, val or test.</summary>
    public static string Key(this SplitName split) => split switch
    {
        SplitName.Train => "train",
        SplitName.Val => "val",
        _ => "test",
    };
}
