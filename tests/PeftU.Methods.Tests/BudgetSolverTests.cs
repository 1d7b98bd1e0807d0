using PeftU.Abstractions;
using PeftU.Core.Backbone;
using PeftU.Core.Budget;
using PeftU.Testing;

namespace PeftU.Methods.Tests;

/// <summary>The paper's equal-budget ablation (≈110.6K trainable parameters on flan-t5-base) solved from the knobs.</summary>
public sealed class BudgetSolverTests
{
    private static readonly PeftU.Abstractions.Backbone.BackboneDims Base =
        T5Config.Load(Path.Combine(RepoPaths.Fixtures, "t5", "flan-t5-base.config.json")).ToDims();

    [Theory]
    [InlineData("lora", "r", 1, 110_592)]
    [InlineData("prefix-tuning", "num_virtual_tokens", 6, 110_592)]
    [InlineData("prompt-tuning", "num_virtual_tokens", 144, 110_592)]
    [InlineData("adapter-houlsby", "bottleneck_size", 1, 110_640)]
    public void The_paper_ablation_settings_come_out_of_the_solver(string id, string knob, long value, long count)
    {
        var choice = BudgetSolver.Solve(Create(id), Base, 110_592, 0.005);
        Assert.Equal((knob, value, count, true), (choice.Knob, choice.Value, choice.Count, choice.WithinTolerance));
    }

    [Fact]
    public void P_tuning_with_one_lstm_layer_lands_on_the_papers_hidden_size_12()
    {
        var choice = BudgetSolver.Solve(TestMethods.Create("p-tuning", "encoder_num_layers=1"), Base, 110_592, 0.005);
        Assert.Equal(("encoder_hidden_size", 12L, 110_232L), (choice.Knob, choice.Value!.Value, choice.Count));
    }

    [Fact]
    public void Ties_go_to_the_smaller_value_and_the_method_keeps_its_options()
    {
        var lora = Create("lora");
        // r=1 → 110,592 and r=2 → 221,184: the midpoint is a tie.
        var choice = BudgetSolver.Solve(lora, Base, 165_888, 1.0);
        Assert.Equal(1, choice.Value);
        Assert.Equal("8", lora.GetOptionValues()["r"]);
    }

    [Fact]
    public void An_unreachable_budget_names_the_nearest_achievable_counts()
    {
        var error = Assert.Throws<BudgetException>(() => BudgetSolver.Apply(Create("adapter-pfeiffer"), Base, 110_592, 0.005));
        Assert.Equal("method 'adapter-pfeiffer' cannot meet 110,592 trainable parameters within ±0.50 %: nearest achievable: " +
                     "bottleneck_size=2 → 92,208, bottleneck_size=3 → 129,096.", error.Message);
        var fixedSize = Assert.Throws<BudgetException>(() => BudgetSolver.Apply(Create("ia3"), Base, 110_592, 0.005));
        Assert.Contains("its size is fixed at 104,448", fixedSize.Message);
    }

    [Fact]
    public void Apply_sets_the_knob_and_frozen_baselines_are_exempt()
    {
        var prompt = Create("prompt-tuning");
        BudgetSolver.Apply(prompt, Base, 110_592, 0.005);
        Assert.Equal(110_592, prompt.TrainableParameters(Base));
        Assert.True(BudgetSolver.Apply(Create("zero-shot"), Base, 110_592, 0.005).IsFrozenBaseline);
    }

    private static IPeftMethod Create(string id) => TestMethods.Create(id);
}
