using PeftU.Abstractions.Methods;
using PeftU.Abstractions.Tasks;
using PeftU.Core.Backbone;
using PeftU.Core.Evaluation;

namespace PeftU.Core.Experiments;

/// <summary>Backbone FLOPs of a cell, from its row counts and mean prompt/target token lengths (measured on prompts of
/// up to <see cref="SampleUsers"/> users): training = epochs × (train rows × forward+backward with frozen weights + val
/// rows × forward); test = one encoder pass per row plus the decoder passes of label scoring (one per label) or greedy
/// generation (max_new_tokens single-token steps, cached). Soft-prompt methods' virtual tokens
/// (<see cref="IExtendsEncoderInput"/>) lengthen the encoder input; other module FLOPs (LoRA's low-rank products, adapters,
/// prefix keys) are left out, a few % at most; attention uses mean lengths, so very uneven prompts count a bit low.</summary>
public static class CellCostEstimator
{
    public const int SampleUsers = 64;

    public static CellCost Estimate(ExperimentPlan plan, PlannedCell cell, Func<string, int> tokens)
    {
        var spec = plan.Spec;
        var dims = plan.Dims;
        var promptSettings = spec.PromptSettings;
        var evaluation = cell.Method.Evaluation;
        int shots = ExperimentPrompts.Shots(cell.Method.Plugin, promptSettings);
        var users = cell.Task.Dataset.Users;
        var sample = users.Where((_, i) => i % Math.Max(1, users.Count / SampleUsers) == 0).Take(SampleUsers).ToList();

        (long Rows, double Encoder, double Target) Split(SplitName split)
        {
            int padTo = split == SplitName.Test ? evaluation.PadTo : cell.Method.Training.PadTo;
            long rows = users.Sum(u => (long)u[split].Count);
            var prompts = sample.SelectMany(u => ExperimentPrompts.Build(cell.Task.Plugin, u, split, shots, promptSettings.Faithful)).ToList();
            if (prompts.Count == 0)
                return (rows, 0, 0);
            return (rows,
                Math.Max(padTo, prompts.Average(p => Math.Min(tokens(p.Prompt), promptSettings.MaxInputTokens))),
                prompts.Average(p => tokens(p.Sample.Target)));
        }

        // Soft prompts lengthen every encoder input; the rest of a module's cost is left out.
        int virtualTokens = cell.Method.Plugin is IExtendsEncoderInput extends ? extends.EncoderInputTokens : 0;
        double Forward(double encoder, double decoder) =>
            T5Flops.Forward(dims, 1, (long)Math.Round(encoder) + virtualTokens, (long)Math.Round(decoder));

        double train = 0;
        if (cell.Method.TrainableParameters > 0)
        {
            var (trainRows, trainEncoder, trainTarget) = Split(SplitName.Train);
            var (valRows, valEncoder, valTarget) = Split(SplitName.Val);
            train = cell.Method.Training.Epochs * (trainRows * 2 * Forward(trainEncoder, trainTarget) + valRows * Forward(valEncoder, valTarget));
        }

        var (testRows, testEncoder, _) = Split(SplitName.Test);
        double encoderPass = Forward(testEncoder, 0);
        double decoder = evaluation.Mode == "generate"
            ? evaluation.MaxNewTokens * (Forward(testEncoder, 1) - encoderPass)
            : cell.Task.Plugin.Definition.Labels.Sum(label => Forward(testEncoder, tokens(label)) - encoderPass);
        var testPrompts = sample.SelectMany(u => ExperimentPrompts.Build(cell.Task.Plugin, u, SplitName.Test, shots, promptSettings.Faithful))
            .Select(p => tokens(p.Prompt)).ToList();
        double cutShare = testPrompts.Count == 0 ? 0 : testPrompts.Count(n => n > promptSettings.MaxInputTokens) / (double)testPrompts.Count;
        return new CellCost(train, testRows * (encoderPass + decoder), testEncoder, cutShare);
    }
}

/// <summary>A cell's estimated backbone FLOPs for training (0 for frozen methods) and test evaluation, the mean encoder
/// input tokens of its test prompts (after the cut at max_input_tokens, soft-prompt tokens not included) and the share
/// of sampled test prompts that are cut.</summary>
public readonly record struct CellCost(double TrainFlops, double TestFlops, double MeanInputTokens = 0, double CutShare = 0)
{
    public double Total => TrainFlops + TestFlops;
}
