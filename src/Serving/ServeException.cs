namespace PeftU.Serving;

/// <summary>A request the server refuses: the HTTP status and the one-line reason the client gets as
/// <c>{"error": ...}</c>.</summary>
public sealed class ServeException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static ServeException BadRequest(string message) => new(400, message);

    public static ServeException NotFound(string message) => new(404, message);
}
