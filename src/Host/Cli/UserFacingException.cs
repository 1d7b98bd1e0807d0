namespace PeftU.Host.Cli;

/// <summary>An error whose message is complete for the user: printed as is, without a stack trace.</summary>
public sealed class UserFacingException(string message, Exception? inner = null) : Exception(message, inner);
