namespace PeftU.Abstractions.Tasks;

/// <summary>One annotated text of one user: its id (unique within the user), the text and the user's label(s).</summary>
public sealed record Sample(string Id, string Text, IReadOnlyList<string> Labels)
{
    public bool Equals(Sample? other) =>
        other is not null && Id == other.Id && Text == other.Text && Labels.SequenceEqual(other.Labels);

    public override int GetHashCode() => HashCode.Combine(Id, Text, Labels.Count);
}
