namespace PeftU.Generators
{
    /// <summary>Names of the incremental steps, so tests can assert that unrelated edits reuse cached outputs.</summary>
    public static class TrackingNames
    {
        public const string Methods = nameof(Methods);
        public const string Tasks = nameof(Tasks);
        public const string Registry = nameof(Registry);
    }
}
