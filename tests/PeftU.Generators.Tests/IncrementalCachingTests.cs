using System.Collections;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PeftU.Generators.Tests;

/// <summary>The pipeline must reuse cached outputs when an edit does not touch plugin classes, and carry no
/// compilation objects (symbols, syntax, compilations) that would defeat caching and leak memory in the IDE.</summary>
public sealed class IncrementalCachingTests
{
    [Fact]
    public void An_unrelated_edit_reuses_every_cached_step_output()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Samples.Lora, Samples.Task);
        GeneratorDriver driver = GeneratorHarness.Driver(track: true).RunGenerators(first);

        CSharpCompilation second = first.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace Other; public class Unrelated { public int X => 1; }",
                (CSharpParseOptions)first.SyntaxTrees.First().Options, path: "Unrelated.cs"));
        GeneratorRunResult result = driver.RunGenerators(second).GetRunResult().Results[0];

        foreach (string step in new[] { TrackingNames.Methods, TrackingNames.Tasks, TrackingNames.Registry })
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} output was {o.Reason}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_an_option_reruns_only_the_affected_plugin()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Samples.Lora, Samples.Task);
        GeneratorDriver driver = GeneratorHarness.Driver(track: true).RunGenerators(first);

        SyntaxTree old = first.SyntaxTrees.First();
        CSharpCompilation second = first.ReplaceSyntaxTree(old,
            CSharpSyntaxTree.ParseText(Samples.Lora.Replace("Default = 8,", "Default = 4,"), (CSharpParseOptions)old.Options, old.FilePath));
        GeneratorRunResult result = driver.RunGenerators(second).GetRunResult().Results[0];

        Assert.Contains(result.TrackedSteps[TrackingNames.Methods].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(result.TrackedSteps[TrackingNames.Tasks].SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"task step was {o.Reason}"));
        Assert.Contains("__R = 4;", result.GeneratedSources.Single(s => s.HintName.Contains("Lora")).SourceText.ToString());
    }

    [Fact]
    public void Pipeline_values_hold_no_compilation_objects()
    {
        GeneratorDriver driver = GeneratorHarness.Driver(track: true).RunGenerators(GeneratorHarness.Compilation(Samples.Lora, Samples.Task));
        GeneratorRunResult result = driver.GetRunResult().Results[0];

        foreach (var step in result.TrackedSteps.Where(s => s.Key is TrackingNames.Methods or TrackingNames.Tasks or TrackingNames.Registry))
            foreach (var output in step.Value.SelectMany(s => s.Outputs))
                AssertNoCompilationObjects(output.Value, step.Key, 0);
    }

    private static void AssertNoCompilationObjects(object? value, string path, int depth)
    {
        if (value is null || depth > 8 || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
            return;
        Assert.False(value is Compilation or ISymbol or SyntaxNode or SemanticModel or SyntaxTree, $"{path} holds a {value.GetType().Name}");
        if (value is IEnumerable items)
        {
            foreach (object? item in items)
                AssertNoCompilationObjects(item, path + "[]", depth + 1);
            return;
        }
        if (value.GetType().Namespace?.StartsWith("PeftU", StringComparison.Ordinal) != true)
            return;
        foreach (var property in value.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
            AssertNoCompilationObjects(property.GetValue(value), path + "." + property.Name, depth + 1);
    }
}
