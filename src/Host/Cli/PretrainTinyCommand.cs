using System.CommandLine;
using System.Globalization;
using PeftU.Abstractions;
using PeftU.Abstractions.Tasks;
using PeftU.Core;
using PeftU.Core.Pretraining;
using PeftU.Core.Tokenization;
using PeftU.Core.Training;

namespace PeftU.Host.Cli;

/// <summary><c>peftu pretrain-tiny</c>: makes the bundled backbone (<c>models/peftu-tiny</c>) from a seeded init by
/// pre-training on the synthetic task's pooled annotations — every text with its majority label over the annotators,
/// the "shared view" a general model would hold — so the quickstart starts where PEFT-U starts: a model that answers
/// like the crowd, and users whose own rules differ from it. The same command gives the same bytes (one thread).</summary>
public static class PretrainTinyCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var output = new Option<string>("--out") { Description = "Folder to write; it must already hold the tokenizer (spiece.model).", Required = true };
        var steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => 400 }.Within(1, 1_000_000);
        var batch = new Option<int>("--batch") { Description = "Examples per step.", DefaultValueFactory = _ => 64 }.Within(1, 65_536);
        var lr = new Option<double>("--lr") { Description = "Peak AdamW learning rate (linear decay after 5% warm-up).", DefaultValueFactory = _ => 3e-3 }.Within(0, 10, positive: true);
        var seed = new Option<int>("--seed") { Description = "Seed of the init, the data order and the synthetic task.", DefaultValueFactory = _ => 42 }.Within(0, int.MaxValue);
        var users = new Option<int>("--users")
        {
            // 31 = 11 + 10 + 10 annotators per rule (3 labels): one rule is the majority, so every text has one majority label.
            Description = "Synthetic annotators whose labels are pooled (majority vote per text).",
            DefaultValueFactory = _ => 31,
        }.Within(1, 100_000);
        var command = new Command("pretrain-tiny", "Pre-train the bundled tiny backbone on the synthetic task's pooled labels (deterministic).");
        foreach (var option in new Option[] { output, steps, batch, lr, seed, users })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            string folder = parse.GetValue(output)!;
            if (!T5Tokenizer.IsIn(folder))
                throw new UserFacingException($"{folder}: no spiece.model (or tokenizer.json) there; copy the T5 tokenizer into the folder first.");
            TorchRuntime.Initialize(1);
            var tokenizer = T5Tokenizer.FromFolder(folder);
            var task = PluginLookup.Create<IPeftTask>(PluginLookup.Catalog(parse, context, pluginsDir), PluginKind.Task, "synthetic");
            task.Configure(new Dictionary<string, object?> { ["users"] = parse.GetValue(users), ["texts_per_user"] = 800, ["seed"] = parse.GetValue(seed) });
            // Pooled annotations: each text once, with the label most annotators gave it (ties: the task's first label).
            var labels = task.Definition.Labels;
            var examples = task.Load(null).Users
                .SelectMany(u => SplitNames.All.SelectMany(split => task.BuildPrompts(u, split, new PromptOptions(0, Faithful: true))))
                .GroupBy(s => s.SampleId, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g =>
                {
                    string majority = g.GroupBy(s => s.Target).OrderByDescending(v => v.Count()).ThenBy(v => IndexOf(labels, v.Key)).First().Key;
                    return new TrainingExample(tokenizer.Encode(g.First().ZeroShotPrompt), tokenizer.Encode(majority));
                })
                .ToList();
            context.Error.WriteLine($"peftu: pre-training on {examples.Count:N0} texts with their majority label over {parse.GetValue(users)} annotators");
            using var model = TinyBackbone.Pretrain(examples, parse.GetValue(steps), parse.GetValue(batch), parse.GetValue(lr), parse.GetValue(seed),
                new Progress(context.Error));
            TinyBackbone.Save(model, folder, new Dictionary<string, string>
            {
                ["format"] = "pt",
                ["peftu_pretrain"] = TinyBackbone.Describe(parse.GetValue(steps), parse.GetValue(batch), parse.GetValue(lr), parse.GetValue(seed)) +
                                     string.Create(CultureInfo.InvariantCulture, $";users={parse.GetValue(users)}"),
            });
            context.Out.WriteLine(Path.GetFullPath(folder));
            return ExitCodes.Success;
        });
        return command;
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] == label)
                return i;
        }
        return labels.Count;
    }

    // Synchronous: Progress<T> would post to the thread pool and interleave with later output.
    private sealed class Progress(TextWriter log) : IProgress<(int Step, double Loss)>
    {
        public void Report((int Step, double Loss) value) =>
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {value.Step}: loss {value.Loss:0.0000}"));
    }
}
