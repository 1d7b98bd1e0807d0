using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PeftU.Core.Experiments;

/// <summary>Checks a YAML text as a flat event stream before YamlDotNet builds its node tree, because building (and
/// every later walk over) the tree recurses and follows aliases: a 100,000-deep nesting or a self-referencing alias
/// overflows the stack and kills the process, and "billion laughs" aliases make a walk take forever. Refused here with
/// file:line:column: nesting deeper than <see cref="MaxDepth"/>, an alias inside the node it names, aliases expanding to
/// more than <see cref="MaxExpandedNodes"/> nodes, a second document, and any syntax error the parser throws (of any
/// exception type).</summary>
public static class YamlPreflight
{
    /// <summary>Experiment files nest about 4 levels; 64 leaves room and stays far from the stack limit.</summary>
    public const int MaxDepth = 64;

    /// <summary>A real experiment file has a few hundred nodes; aliases may repeat parts of it, within this.</summary>
    public const long MaxExpandedNodes = 100_000;

    /// <summary>The first problem, or null when the text may be loaded.</summary>
    public static SpecError? Check(string text, string file)
    {
        var open = new Stack<(string? Anchor, long Nodes)>();
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        int documents = 0;
        Mark last = Mark.Empty;
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current.Start;
                switch (current)
                {
                    case DocumentStart when ++documents > 1:
                        return At(file, current.Start, "a second YAML document (after ---); an experiment file holds one");
                    case SequenceStart or MappingStart:
                        if (open.Count >= MaxDepth)
                            return At(file, current.Start, $"nesting deeper than {MaxDepth} levels");
                        open.Push((((NodeEvent)current).Anchor.IsEmpty ? null : ((NodeEvent)current).Anchor.Value, 1));
                        break;
                    case SequenceEnd or MappingEnd:
                    {
                        var (anchor, nodes) = open.Pop();
                        if (anchor is not null)
                            sizes[anchor] = nodes;
                        if (!Add(nodes))
                            return TooMany(file, current.Start);
                        break;
                    }
                    case Scalar scalar:
                        if (!scalar.Anchor.IsEmpty)
                            sizes[scalar.Anchor.Value] = 1;
                        if (!Add(1))
                            return TooMany(file, current.Start);
                        break;
                    case AnchorAlias alias:
                        if (open.Any(o => o.Anchor == alias.Value.Value))
                            return At(file, current.Start, $"alias *{alias.Value.Value} refers to a node that contains it (a recursive alias)");
                        if (!Add(sizes.GetValueOrDefault(alias.Value.Value, 1)))
                            return TooMany(file, current.Start);
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            return At(file, e.Start, "YAML syntax: " + (e.InnerException?.Message ?? e.Message));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet throws these, not YamlException, for some malformed input (e.g. an unclosed flow collection).
            return At(file, last, "YAML syntax: the file ends inside an unclosed [ or { (or a collection is cut short)" +
                                  (e is InvalidOperationException ? "" : $": {e.Message}"));
        }
        return null;

        // Counts nodes as the tree would hold them once aliases are expanded, into the enclosing collection and the total.
        bool Add(long nodes)
        {
            if (open.Count > 0)
            {
                var (anchor, count) = open.Pop();
                open.Push((anchor, Math.Min(count + nodes, MaxExpandedNodes + 1)));
            }
            if (open.Count == 0)
                total += nodes;
            return total <= MaxExpandedNodes && (open.Count == 0 || open.Peek().Nodes <= MaxExpandedNodes);
        }
    }

    private static SpecError TooMany(string file, Mark at) =>
        At(file, at, $"aliases expand to more than {MaxExpandedNodes:N0} nodes (an alias bomb?); write the values out instead");

    private static SpecError At(string file, Mark mark, string message) =>
        new(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column), message);
}
