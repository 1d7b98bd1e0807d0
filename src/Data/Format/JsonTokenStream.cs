using System.Text;
using System.Text.Json;

namespace PeftU.Data.Format;

/// <summary>Forward-only JSON tokens from a stream through a fixed-size window that grows only to fit one token, so a
/// multi-GB file is read with memory bounded by its longest token (Utf8JsonReader with buffer refills).</summary>
internal sealed class JsonTokenStream
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start, _end;
    private bool _final;
    private JsonReaderState _state;
    private long _consumedBefore;

    public JsonTokenStream(Stream stream, int initialBuffer = 1 << 16)
    {
        _stream = stream;
        _buffer = new byte[initialBuffer];
        _state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
    }

    public JsonTokenType TokenType { get; private set; } = JsonTokenType.None;

    /// <summary>The current token's text (property names and strings unescaped; numbers as written).</summary>
    public string? Text { get; private set; }

    /// <summary>Byte offset of the current token in the file (for error messages).</summary>
    public long Position { get; private set; }

    /// <summary>Why the current string token could not be decoded (then <see cref="Text"/> is null), or null.</summary>
    public string? InvalidText { get; private set; }

    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
                TokenType = reader.TokenType;
                InvalidText = null;
                try
                {
                    Text = reader.TokenType switch
                    {
                        JsonTokenType.String or JsonTokenType.PropertyName => reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                }
                catch (InvalidOperationException)
                {
                    // Invalid UTF-8 bytes or a lone surrogate escape (\ud800): the token is consumed and the caller
                    // reports it with the user and sample it belongs to.
                    Text = null;
                    InvalidText = "is not valid text (invalid UTF-8 bytes or a lone surrogate such as \\ud800)";
                }
                Position = _consumedBefore + reader.TokenStartIndex;
                Advance((int)reader.BytesConsumed);
                _state = reader.CurrentState;
                return true;
            }
            if (_final)
                return false;
            Refill();
        }
    }

    /// <summary>Skips the value that starts at the next token (after a property name) or at the current one.</summary>
    public void SkipValue()
    {
        if (TokenType == JsonTokenType.PropertyName)
            Read();
        if (TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            return;
        int depth = 1;
        while (depth > 0 && Read())
        {
            if (TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                depth++;
            else if (TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                depth--;
        }
    }

    private void Advance(int consumed)
    {
        _start += consumed;
        _consumedBefore += consumed;
    }

    private void Refill()
    {
        int remaining = _end - _start;
        if (remaining == _buffer.Length)
            Array.Resize(ref _buffer, _buffer.Length * 2); // one token larger than the window: grow
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, remaining);
        _start = 0;
        _end = remaining;
        int read;
        while (_end < _buffer.Length && (read = _stream.Read(_buffer, _end, _buffer.Length - _end)) > 0)
            _end += read;
        _final = _end < _buffer.Length;
    }
}
