using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PeftU.Host.Tests;

/// <summary>Two run folders' reports compared with wall times aside (the one thing a resumed or sharded run may change).</summary>
internal static partial class RunComparison
{
    public static void AssertSameResults(string expectedFolder, string actualFolder)
    {
        Assert.Equal(WithoutTimes(Json(expectedFolder)), WithoutTimes(Json(actualFolder)));
        Assert.Equal(MaskTimes(File.ReadAllText(Path.Combine(expectedFolder, "report.md"))), MaskTimes(File.ReadAllText(Path.Combine(actualFolder, "report.md"))));
    }

    private static JsonNode Json(string folder) => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "results.json")))!;

    /// <summary>results.json with every "seconds" removed.</summary>
    private static string WithoutTimes(JsonNode node)
    {
        Strip(node);
        return node.ToJsonString();

        static void Strip(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                o.Remove("seconds");
                foreach (var (_, child) in o)
                    Strip(child);
            }
            else if (n is JsonArray a)
            {
                foreach (var child in a)
                    Strip(child);
            }
        }
    }

    private static string MaskTimes(string markdown) => TimeCell().Replace(markdown, "| <time> |");

    // The Time column: "12.3 s" under a minute, else m:ss or h:mm:ss (MarkdownReport).
    [GeneratedRegex(@"\| ([0-9.]+ s|[0-9]+:[0-9]{2}(:[0-9]{2})?) \|$", RegexOptions.Multiline)]
    private static partial Regex TimeCell();
}
