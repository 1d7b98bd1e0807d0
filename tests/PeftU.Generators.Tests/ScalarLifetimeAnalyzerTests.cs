using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
namespace PeftU.Generators.Tests;

/// <summary><see cref="ScalarLifetimeAnalyzer"/> over snippets compiled against the real TorchSharp: each way of handing
/// libtorch a temporary Scalar is reported where it is written, and the rooted forms are not.</summary>
public sealed class ScalarLifetimeAnalyzerTests
{
    [Theory]
    [InlineData("x * 0.5", "PEFTU019")]
    [InlineData("x / 2", "PEFTU019")]
    [InlineData("x.ge(0)", "PEFTU019")]
    [InlineData("x.fill_((Scalar)2.0)", "PEFTU019")]
    [InlineData("x.fill_(2.0f)", "PEFTU019")]
    [InlineData("x.add(y, 2)", "PEFTU019")]
    [InlineData("x + y", "PEFTU020")]
    [InlineData("x.add(y)", "PEFTU020")]
    [InlineData("x.add_(y)", "PEFTU020")]
    [InlineData("x += y", "PEFTU020")]
    [InlineData("x + TorchScalars.Of(1)", "PEFTU020")]
    [InlineData("torch.add(x, y)", "PEFTU020")]
    public void A_temporary_scalar_is_reported(string expression, string id)
    {
        var diagnostics = Analyze(expression);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("docs/architecture.md", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x * TorchScalars.Of(0.5)")]
    [InlineData("x.ge(TorchScalars.Of(0))")]
    [InlineData("x.Plus(y)")]
    [InlineData("x.PlusInPlace(y)")]
    [InlineData("x.add(y, TorchScalars.One)")]
    [InlineData("x - y")]
    [InlineData("x * y")]
    public void Rooted_forms_are_not_reported(string expression) => Assert.Empty(Analyze(expression));

    internal static ImmutableArray<Diagnostic> Analyze(string expression)
    {
        string source = $$"""
            using PeftU.Abstractions.Backbone;
            using TorchSharp;
            using static TorchSharp.torch;

            public static class Snippet
            {
                public static Tensor Run(Tensor x, Tensor y) => {{expression}};
            }
            """;
        // The harness references the contracts (TorchScalars); TorchSharp is added here.
        var compilation = GeneratorHarness.Compilation(source).AddReferences(
            MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return compilation.WithAnalyzers([new ScalarLifetimeAnalyzer()]).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }
}
