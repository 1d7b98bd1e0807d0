namespace PeftU.Core.Checkpoints;

/// <summary>Compares the tensors a module expects with those a file holds; every missing, unexpected and mis-shaped name
/// goes into one list of problem lines (empty when everything matches).</summary>
public static class TensorNameMatch
{
    /// <param name="expected">Name → shape the module needs.</param>
    /// <param name="found">Name → shape the file holds.</param>
    /// <param name="ignorable">File names that may be present without being expected (e.g. tied copies).</param>
    /// <param name="foundWhere">How mis-shaped lines name the file side ("in the checkpoint").</param>
    /// <param name="expectedWhere">How they name the module side ("by config.json").</param>
    public static List<string> Problems(
        IReadOnlyDictionary<string, long[]> expected,
        IReadOnlyDictionary<string, long[]> found,
        IReadOnlyCollection<string> ignorable,
        string foundWhere,
        string expectedWhere)
    {
        var problems = new List<string>();
        var missing = expected.Keys.Where(k => !found.ContainsKey(k)).ToList();
        var unexpected = found.Keys.Where(k => !expected.ContainsKey(k) && !ignorable.Contains(k)).ToList();
        var misShaped = expected.Where(e => found.TryGetValue(e.Key, out var shape) && !shape.SequenceEqual(e.Value))
            .Select(e => $"{e.Key}: shape [{string.Join(", ", found[e.Key])}] {foundWhere}, [{string.Join(", ", e.Value)}] {expectedWhere}")
            .ToList();
        if (missing.Count > 0)
            problems.Add("missing: " + string.Join(", ", missing));
        if (unexpected.Count > 0)
            problems.Add("unexpected: " + string.Join(", ", unexpected));
        if (misShaped.Count > 0)
            problems.Add("mis-shaped: " + string.Join("; ", misShaped));
        return problems;
    }
}
