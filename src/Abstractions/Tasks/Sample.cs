namespace PeftU.Abstractions.Tasks;

/// <summary>One annotated text of one user: its id (unique within the user), the text and the user's label(s).</summary>
public sealed record Sample(string Id, string Text, IReadOnlyList<string> Labels)
{
    /// <summary>The whole JSON object the original writes for this sample when it holds more than text and label
    /// (HateXplain's rationales and majority fields): (key, JSON text) in its key order, text and label included.
    /// Null for the usual <c>{text, label}</c>; only the writer reads it.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? JsonFields { get; init; }

    public bool Equals(Sample? other) =>
        other is not null && Id == other.Id && Text == other.Text && Labels.SequenceEqual(other.Labels);

    public override int GetHashCode() => HashCode.Combine(Id, Text, Labels.Count);
}
