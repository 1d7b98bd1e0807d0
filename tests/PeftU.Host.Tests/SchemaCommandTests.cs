using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using PeftU.Testing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static PeftU.Host.Tests.CliRunner;

namespace PeftU.Host.Tests;

/// <summary><c>peftu schema</c>: the schema is stable (snapshot), every shipped and valid test experiment file passes
/// it, and a file with an unknown key, an out-of-range option and a wrong type fails it.</summary>
public sealed class SchemaCommandTests
{
    private static readonly Lazy<string> SchemaText = new(() =>
    {
        var (code, output, error) = Run("schema", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.True(code == 0, error);
        return output;
    });

    private static JsonSchema Schema => JsonSchema.FromText(SchemaText.Value);

    public static TheoryData<string> ValidFiles()
    {
        string experiments = Path.Combine(RepoPaths.Root, "experiments");
        return [.. Directory.GetFiles(experiments, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f))
            .Concat(["tests/PeftU.Host.Tests/Experiments/plan-ok.yaml", "tests/PeftU.Host.Tests/Experiments/run-small.yaml"])
            .Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task The_schema_matches_its_snapshot() => await Snapshot.Verify(SchemaText.Value, "json");

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Shipped_experiment_files_satisfy_the_schema(string file)
    {
        var result = Schema.Evaluate(ToJson(Path.Combine(RepoPaths.Root, file)), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Fact]
    public void A_bad_experiment_file_fails_the_schema() =>
        Assert.False(Schema.Evaluate(ToJson(PlanCommandTests.File("plan-bad.yaml"))).IsValid);

    [Theory]
    [InlineData("""{"backbone": {"path": "m"}, "tasks": ["synthetic"], "methods": [{"id": "lora", "options": {"r": 1}}]}""", true)]
    [InlineData("""{"backbone": {"path": "m"}, "tasks": ["synthetic"], "methods": [{"id": "lora", "options": {"r": 0}}]}""", false)]
    [InlineData("""{"backbone": {"path": "m"}, "tasks": ["synthetic"], "methods": [{"id": "lora", "options": {"rank": 4}}]}""", false)]
    [InlineData("""{"backbone": {"path": "m"}, "tasks": ["synthetic"], "methods": [{"id": "lora", "options": {"target_modules": ["q", "x"]}}]}""", false)]
    [InlineData("""{"backbone": {"path": "m"}, "tasks": ["synthetic"], "methods": [{"id": "ia3", "options": {"r": 4}}]}""", false)]
    [InlineData("""{"backbone": {"path": "m"}, "tasks": ["tweetevl"], "methods": ["lora"]}""", false)]
    [InlineData("""{"backbone": {"path": "m", "dtyp": "fp32"}, "tasks": ["synthetic"], "methods": ["lora"]}""", false)]
    [InlineData("""{"backbone": {"path": "m"}, "tasks": [{"id": "synthetic", "options": {"users": 3}}], "methods": ["lora"]}""", false)]
    [InlineData("""{"backbone": {"path": "m"}, "tasks": ["synthetic"], "methods": ["lora"], "training": {"epochs": "many"}}""", false)]
    [InlineData("""{"backbone": {"path": "m"}, "tasks": ["synthetic"], "methods": ["lora"], "budget": {"params": 100, "tolerance": "1%", "mode": "check"}}""", true)]
    [InlineData("""{"backbone": {"path": "m"}, "tasks": ["synthetic"], "methods": ["lora"], "evaluation": {"mode": "vote"}}""", false)]
    public void The_schema_checks_options_by_method_and_settings_by_section(string document, bool valid) =>
        Assert.Equal(valid, Schema.Evaluate(JsonNode.Parse(document)).IsValid);

    [Fact]
    public void Schema_out_writes_the_file()
    {
        string file = Path.Combine(Path.GetTempPath(), $"peftu-schema-{Guid.NewGuid():N}.json");
        try
        {
            var (code, output, error) = Run("schema", "--out", file, "--plugins-dir", RepoPaths.StagedPlugins);
            Assert.True(code == 0, error);
            Assert.Equal(file, output.Trim());
            Assert.Equal(SchemaText.Value.TrimEnd(), File.ReadAllText(file).TrimEnd());
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>YAML → JSON with YAML 1.2 core-schema typing of plain scalars (numbers, booleans, null).</summary>
    private static JsonNode? ToJson(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
            stream.Load(reader);
        return Convert(stream.Documents[0].RootNode);

        static JsonNode? Convert(YamlNode node) => node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
            YamlSequenceNode list => new JsonArray([.. list.Children.Select(Convert)]),
            YamlScalarNode { Style: ScalarStyle.Plain, Value: var v } => Plain(v ?? ""),
            YamlScalarNode scalar => scalar.Value,
            _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
        };

        static JsonNode? Plain(string v) => v switch
        {
            "" or "null" or "~" => null,
            "true" => true,
            "false" => false,
            _ when long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) => l,
            _ when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
            _ => v,
        };
    }
}
