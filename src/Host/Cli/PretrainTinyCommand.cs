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
/// pre-training on the synthetic task's pooled annotations (<see cref="PretrainingCorpus"/>: texts of its own sentence
/// frames, none of them a task text, each with its majority label over the annotators — the "shared view" a general
/// model would hold), so the quickstart starts where PEFT-U starts: a model that answers like the crowd, users whose own
/// rules differ from it, and test texts it has never seen. The same command gives the same bytes (one thread).</summary>
public static class PretrainTinyCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var output = new Option<string>("--out") { Description = "Folder to write; it must already hold the tokenizer (spiece.model).", Required = true };
        var steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => 400 }.Within(1, 1_000_000);
        var batch = new Option<int>("--batch") { Description = "Examples per step.", DefaultValueFactory = _ => 64 }.Within(1, 65_536);
        var lr = new Option<double>("--lr") { Description = "Peak AdamW learning rate (linear decay after 5% warm-up).", DefaultValueFactory = _ => 3e-3 }.Within(0, 10, positive: true);
        var seed = new Option<int>("--seed") { Description = "Seed of the init, the data order and the synthetic task.", DefaultValueFactory = _ => PretrainingCorpus.Seed }.Within(0, int.MaxValue);
        var users = new Option<int>("--users")
        {
            Description = "Synthetic annotators whose labels are pooled (majority vote per text).",
            DefaultValueFactory = _ => PretrainingCorpus.Annotators,
        }.Within(1, 100_000);
        var command = new Command("pretrain-tiny", "Pre-train the bundled tiny backbone on the synthetic task's pooled labels of its pre-training corpus (deterministic).");
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
            task.Configure(PretrainingCorpus.SyntheticOptions(parse.GetValue(users), parse.GetValue(seed)));
            var examples = PretrainingCorpus.Pooled(task).Select(e => new TrainingExample(tokenizer.Encode(e.Prompt), tokenizer.Encode(e.Label))).ToList();
            context.Error.WriteLine($"peftu: pre-training on {examples.Count:N0} texts of the synthetic task's pre-training corpus (none is a task text) with their majority label over {parse.GetValue(users)} annotators");
            using var model = TinyBackbone.Pretrain(examples, parse.GetValue(steps), parse.GetValue(batch), parse.GetValue(lr), parse.GetValue(seed),
                new Progress(context.Error));
            TinyBackbone.Save(model, folder, new Dictionary<string, string>
            {
                ["format"] = "pt",
                ["peftu_pretrain"] = TinyBackbone.Describe(parse.GetValue(steps), parse.GetValue(batch), parse.GetValue(lr), parse.GetValue(seed)) +
                                     string.Create(CultureInfo.InvariantCulture, $";users={parse.GetValue(users)};corpus=pretraining"),
            });
            context.Out.WriteLine(Path.GetFullPath(folder));
            return ExitCodes.Success;
        });
        return command;
    }

    // Synchronous: Progress<T> would post to the thread pool and interleave with later output.
    private sealed class Progress(TextWriter log) : IProgress<(int Step, double Loss)>
    {
        public void Report((int Step, double Loss) value) =>
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {value.Step}: loss {value.Loss:0.0000}"));
    }
}
