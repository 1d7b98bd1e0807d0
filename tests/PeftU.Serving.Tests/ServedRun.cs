using System.Text.Json.Nodes;
using PeftU.Abstractions;
using PeftU.Core.Adapters;
using PeftU.Host.Cli;
using PeftU.Host.Plugins;
using PeftU.Serving;
using PeftU.Testing;

namespace PeftU.Serving.Tests;

/// <summary>One real <c>peftu run --save-adapters</c> of every method (Experiments/serve-all.yaml), shared by the serve
/// tests, with the records' predictions by cell, user and test text.</summary>
public sealed class ServedRun : IDisposable
{
    private readonly TempFolder _temp = new("peftu-serve");

    public ServedRun()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = PeftuCli.Run(["run", Experiment, "--out", Folder, "--plain", "--save-adapters", "--plugins-dir", RepoPaths.StagedPlugins],
            new CliContext(output, error, _ => null));
        if (code != 0)
            throw new InvalidOperationException($"the serve tests' run failed ({code}): {error}");
        var catalog = PluginCatalogLoader.Load([RepoPaths.StagedPlugins]);
        CreatePlugin = (kind, id) => catalog.OfKind(kind).FirstOrDefault(p => p.Descriptor.Id == id)?.Create();
        foreach (string cell in Cells)
        {
            foreach (string user in Users)
            {
                var tests = ServingFiles.ReadUser(Path.Combine(Folder, "adapters", "synthetic", "lora", user, ServingFiles.UserFile)).Test
                    .ToDictionary(s => s.Id, s => s.Text);
                var record = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "records", "synthetic", cell, user + ".json")))!;
                foreach (var p in record["predictions"]!.AsArray())
                    Recorded.Add(new RecordedPrediction(cell, user, tests[(string)p!["sample_id"]!], (string?)p["predicted"], (string?)p["generated"]));
            }
        }
    }

    public static string Experiment => Path.Combine(RepoPaths.Root, "tests", "PeftU.Serving.Tests", "Experiments", "serve-all.yaml");

    public static readonly string[] Cells = ["zero-shot", "few-shot", "lora", "ia3", "adapter-houlsby", "adapter-pfeiffer", "prompt-tuning", "prefix-tuning", "p-tuning", "lora-2"];

    public static readonly string[] Users = ["user0000", "user0001", "user0002", "user0003"];

    public string Folder => Path.Combine(_temp.Path, "run");

    public Func<PluginKind, string, IPeftPlugin?> CreatePlugin { get; }

    public List<RecordedPrediction> Recorded { get; } = [];

    public string ModuleFolder(string cell, string user) => Path.Combine(Folder, "adapters", "synthetic", cell, user);

    public ServingEngine Engine(ServeSettings settings) => ServedRunLoader.Load(Folder, settings, CreatePlugin);

    public void Dispose() => _temp.Dispose();
}

/// <summary>One recorded test prediction; <see cref="Generated"/> for cells evaluated by generation.</summary>
public sealed record RecordedPrediction(string Cell, string User, string Text, string? Predicted, string? Generated);

[CollectionDefinition(Name)]
public sealed class ServedRunCollection : ICollectionFixture<ServedRun>
{
    public const string Name = "served run";
}
