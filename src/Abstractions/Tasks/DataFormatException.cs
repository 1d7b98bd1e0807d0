namespace PeftU.Abstractions.Tasks;

/// <summary>Problems found in a data file; the message lists each with the file and, where known, user and sample.</summary>
public sealed class DataFormatException(string file, IReadOnlyList<string> problems)
    : Exception($"{file}: {problems.Count} problem(s):\n  " + string.Join("\n  ", problems.Take(50)) +
                (problems.Count > 50 ? $"\n  … and {problems.Count - 50} more" : ""))
{
    public string File { get; } = file;

    public IReadOnlyList<string> Problems { get; } = problems;
}
