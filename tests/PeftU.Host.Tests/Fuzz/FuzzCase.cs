using System.Globalization;
using System.Text;

namespace PeftU.Host.Tests.Fuzz;

/// <summary>One malformed-input case of <c>tests/fuzz/&lt;family&gt;/&lt;case&gt;/</c>: <c>args</c> (the CLI arguments, one per
/// line), <c>expected</c> (exit code, then the first stderr line: a prefix, or <c>regex:</c> a pattern, either after <c>last:</c>
/// to match the last line instead; then optional
/// <c>absent: PATH</c> lines naming what must not have been written), optional <c>setup</c> (commands that build inputs at
/// test time, so big or binary inputs are never committed) and <c>env</c> (KEY=VALUE lines). Placeholders: <c>{case}</c>
/// the case folder, <c>{repo}</c> the repository root, <c>{tmp}</c> a fresh empty folder (also the working directory),
/// and any <c>var</c> the setup defines.</summary>
internal sealed class FuzzCase
{
    private readonly Dictionary<string, string> _vars;

    private FuzzCase(string name, string folder, string repo, string tmp)
    {
        Name = name;
        Folder = folder;
        Temp = tmp;
        _vars = new(StringComparer.Ordinal) { ["case"] = folder, ["repo"] = repo, ["tmp"] = tmp };
    }

    public string Name { get; }

    public string Folder { get; }

    public string Temp { get; }

    public static string CorpusRoot(string repo) => Path.Combine(repo, "tests", "fuzz");

    /// <summary>Every case as "family/case", in a stable order.</summary>
    public static IEnumerable<string> Names(string repo) =>
        Directory.EnumerateFiles(CorpusRoot(repo), "expected", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(CorpusRoot(repo), Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static FuzzCase Prepare(string repo, string name, string tmp)
    {
        var fuzz = new FuzzCase(name, Path.Combine(CorpusRoot(repo), name), repo, tmp);
        Directory.CreateDirectory(tmp);
        string setup = Path.Combine(fuzz.Folder, "setup");
        if (File.Exists(setup))
        {
            foreach (string line in Lines(setup))
                fuzz.RunSetup(line);
        }
        return fuzz;
    }

    /// <summary>The arguments; a line <c>""</c> is the empty argument.</summary>
    public IReadOnlyList<string> Arguments => Lines(Path.Combine(Folder, "args")).Select(l => l == "\"\"" ? "" : Expand(l)).ToList();

    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            string path = Path.Combine(Folder, "env");
            return File.Exists(path)
                ? Lines(path).Select(Expand).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal)
                : new Dictionary<string, string>();
        }
    }

    public int ExpectedCode => int.Parse(ExpectedLines[0], CultureInfo.InvariantCulture);

    /// <summary>The expected first stderr line: a prefix, or a regex after "regex:".</summary>
    public string ExpectedFirstLine => Expand(ExpectedLines[1]);

    public IEnumerable<string> Absent =>
        ExpectedLines.Skip(2).Where(l => l.StartsWith("absent:", StringComparison.Ordinal)).Select(l => Expand(l["absent:".Length..].Trim()));

    private string[] ExpectedLines => File.ReadAllLines(Path.Combine(Folder, "expected"));

    /// <summary>Non-empty lines that are not comments (#); a line is kept verbatim otherwise (arguments may hold spaces).</summary>
    private static IEnumerable<string> Lines(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#'));

    private string Expand(string text)
    {
        foreach (var (key, value) in _vars)
            text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
        return text;
    }

    /// <summary>copy SRC DST · write FILE TEXT · append FILE TEXT · repeat FILE COUNT TEXT (appends TEXT×COUNT) ·
    /// bytes FILE HEX (appends) · truncate FILE LENGTH ·
    /// var NAME COUNT TEXT · mkdir DIR. TEXT takes \n, \t, \\ and \xNN escapes (\xNN is one raw byte).</summary>
    private void RunSetup(string line)
    {
        string[] parts = line.Split(' ', 2);
        string rest = parts.Length > 1 ? parts[1] : "";
        switch (parts[0])
        {
            case "copy":
            {
                var (source, target) = Two(rest);
                Copy(Expand(source), Expand(target));
                break;
            }
            case "write":
            case "append":
            {
                var (file, text) = Two(rest);
                Write(Expand(file), Unescape(Expand(text)), append: parts[0] == "append");
                break;
            }
            case "repeat":
            {
                var (file, tail) = Two(rest);
                var (count, text) = Two(tail);
                byte[] unit = Unescape(Expand(text));
                int n = int.Parse(count, CultureInfo.InvariantCulture);
                var all = new byte[unit.Length * n];
                for (int i = 0; i < n; i++)
                    unit.CopyTo(all, i * unit.Length);
                Write(Expand(file), all, append: true);
                break;
            }
            case "bytes":
            {
                var (file, hex) = Two(rest);
                Write(Expand(file), Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), append: true);
                break;
            }
            case "var":
            {
                var (name, tail) = Two(rest);
                var (count, text) = Two(tail);
                _vars[name] = string.Concat(Enumerable.Repeat(Expand(text), int.Parse(count, CultureInfo.InvariantCulture)));
                break;
            }
            case "truncate":
            {
                var (file, length) = Two(rest);
                using (var stream = new FileStream(Expand(file), FileMode.Open))
                    stream.SetLength(long.Parse(length, CultureInfo.InvariantCulture));
                break;
            }
            case "mkdir":
                Directory.CreateDirectory(Expand(rest));
                break;
            default:
                throw new InvalidOperationException($"{Folder}/setup: unknown command '{parts[0]}'");
        }
    }

    private static (string, string) Two(string text)
    {
        string[] parts = text.Split(' ', 2);
        return (parts[0], parts.Length > 1 ? parts[1] : "");
    }

    private static void Write(string file, byte[] bytes, bool append)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using var stream = new FileStream(file, append ? FileMode.Append : FileMode.Create);
        stream.Write(bytes);
    }

    private static void Copy(string source, string target)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target, overwrite: true);
            return;
        }
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
    }

    private static byte[] Unescape(string text)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                continue;
            }
            char c = text[++i];
            switch (c)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'x':
                    bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                default: bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString())); break;
            }
        }
        return [.. bytes];
    }
}
