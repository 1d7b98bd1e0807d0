namespace PeftU.Host.Cli.Export;

/// <summary>POSIX shell quoting: a word left bare when it is plainly safe, else single-quoted.</summary>
internal static class ShellQuote
{
    public static string Word(string word) =>
        word.Length > 0 && word.All(ch => char.IsAsciiLetterOrDigit(ch) || "/._-+=:,@%".Contains(ch)) ? word : "'" + word.Replace("'", "'\\''") + "'";

    public static string Line(IEnumerable<string> words) => string.Join(" ", words.Select(Word));
}
