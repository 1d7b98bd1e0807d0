namespace PeftU.Core.Experiments;

/// <summary>One problem in an experiment file, at its 1-based line and column.</summary>
public sealed record SpecError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>Every problem found in one pass over an experiment file; nothing has been written or run.</summary>
public sealed class ExperimentSpecException(IReadOnlyList<SpecError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<SpecError> Errors { get; } = errors;
}
