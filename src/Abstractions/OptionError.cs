namespace PeftU.Abstractions;

/// <summary>One invalid option value: which option, what was given, and what would be accepted.</summary>
public sealed record OptionError(string Option, string? Value, string Message);
