namespace PeftU.Abstractions;

/// <summary>"Did you mean" for unknown option, method and task names: the closest valid names by edit distance.</summary>
public static class NameSuggester
{
    /// <summary>Valid names within a distance of max(2, length/3) of <paramref name="given"/>, closest first.</summary>
    public static IReadOnlyList<string> Nearest(string given, IEnumerable<string> valid, int max = 3)
    {
        int threshold = Math.Max(2, given.Length / 3);
        return valid
            .Select(v => (Name: v, Distance: Distance(given.ToLowerInvariant(), v.ToLowerInvariant())))
            .Where(x => x.Distance <= threshold)
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.Name)
            .ToList();
    }

    /// <summary>Levenshtein distance with unit costs.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
