namespace PeftU.Abstractions.Tasks;

/// <summary>One user's samples per split, each in file order (the order drives demo selection).</summary>
public sealed record UserData(string UserId, IReadOnlyList<Sample> Train, IReadOnlyList<Sample> Val, IReadOnlyList<Sample> Test)
{
    public IReadOnlyList<Sample> this[SplitName split] => split switch
    {
        SplitName.Train => Train,
        SplitName.Val => Val,
        _ => Test,
    };

    public int Count => Train.Count + Val.Count + Test.Count;

    public IEnumerable<Sample> All => Train.Concat(Val).Concat(Test);
}
