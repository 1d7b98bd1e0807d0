namespace PeftU.Serving;

/// <summary>One prediction asked for: a user's text, the task and method (cell key) to answer with, and whether a user
/// without a module may be answered by the frozen backbone instead of a 404.</summary>
public sealed record PredictRequest(string User, string Text, string? Task = null, string? Method = null, bool Fallback = false);
