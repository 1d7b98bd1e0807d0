namespace PeftU.Abstractions.Tasks;

/// <summary>A task operation that cannot be done as asked (no preparer for this task, missing data folder…), worded for
/// the user.</summary>
public sealed class TaskDataException(string message) : Exception(message);
