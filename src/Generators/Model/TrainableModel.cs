namespace PeftU.Generators.Model
{
    /// <summary>One [Trainable] declaration, resolved: C# factor expressions (over <c>dims</c>, <c>site</c> and members),
    /// the sites method (or null), the condition expression (or null) and the human-readable formula.</summary>
    internal sealed record TrainableModel(
        string Name,
        EquatableArray<string> Factors,
        string? SitesMethod,
        string? Condition,
        string Formula);
}
