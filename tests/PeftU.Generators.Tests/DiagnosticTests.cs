using Microsoft.CodeAnalysis;

namespace PeftU.Generators.Tests;

/// <summary>One test per diagnostic: the misuse is reported with its stable id, at the offending declaration, and no
/// code is generated for the broken class.</summary>
public sealed class DiagnosticTests
{
    private const string Prelude = "using PeftU.Abstractions;\nnamespace N;\n";

    private static Diagnostic Single(string id, string source)
    {
        var (run, _, _) = GeneratorHarness.Run(Prelude + source);
        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        return diagnostic;
    }

    /// <summary>The source text a diagnostic points at (file:line:column reach the user from this span).</summary>
    private static string Target(Diagnostic d, string source) => (Prelude + source).Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);

    private static string Method(string body, string modifiers = "public sealed partial", string id = "m") =>
        $"[PeftMethod(\"{id}\")] {modifiers} class M : IPeftMethod {{ {body} }}";

    [Fact]
    public void PEFTU001_class_not_partial()
    {
        string source = Method("", "public sealed");
        Diagnostic d = Single("PEFTU001", source);
        Assert.Contains("'M' must be declared partial", d.GetMessage());
        Assert.Equal("M", Target(d, source));
        Assert.Equal(2, d.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void PEFTU002_duplicate_option_name() =>
        Assert.Contains("Option 'rank' on property 'B' duplicates the option of property 'A'", Single("PEFTU002", Method(
            "[PeftOption(Default = 1, Name = \"rank\")] public partial int A { get; } " +
            "[PeftOption(Default = 2, Name = \"rank\")] public partial int B { get; }")).GetMessage());

    [Fact]
    public void PEFTU003_unsupported_option_type()
    {
        string source = Method("[PeftOption(Default = 1)] public partial decimal A { get; }");
        Diagnostic d = Single("PEFTU003", source);
        Assert.Contains("has type 'decimal'", d.GetMessage());
        Assert.Equal("A", Target(d, source));
    }

    [Fact]
    public void PEFTU004_missing_default() =>
        Assert.Contains("'A' needs a Default", Single("PEFTU004", Method("[PeftOption(Min = 1)] public partial int A { get; }")).GetMessage());

    [Fact]
    public void PEFTU005_option_not_a_partial_get_only_property() =>
        Single("PEFTU005", Method("[PeftOption(Default = 1)] public int A { get; set; }"));

    [Fact]
    public void PEFTU006_default_of_the_wrong_type() =>
        Assert.Contains("Default of option 'a' is '\"8\"' (string), but the property's type is 'int'",
            Single("PEFTU006", Method("[PeftOption(Default = \"8\")] public partial int A { get; }")).GetMessage());

    [Fact]
    public void PEFTU007_missing_interface() =>
        Assert.Contains("does not implement 'PeftU.Abstractions.IPeftTask'",
            Single("PEFTU007", "[PeftTask(\"t\")] public sealed partial class T { }").GetMessage());

    [Fact]
    public void PEFTU008_invalid_id() =>
        Assert.Contains("Plugin id 'LoRA' is invalid", Single("PEFTU008", Method("", id: "LoRA")).GetMessage());

    [Fact]
    public void PEFTU009_budget_knob_not_integer() =>
        Single("PEFTU009", Method("[PeftOption(Default = 1.0), BudgetKnob] public partial double A { get; }"));

    [Fact]
    public void PEFTU010_default_violates_constraint() =>
        Assert.Contains("Default '0' of option 'a' is not allowed (>= 1)",
            Single("PEFTU010", Method("[PeftOption(Default = 0, Min = 1)] public partial int A { get; }")).GetMessage());

    [Fact]
    public void PEFTU011_abstract_class() =>
        Single("PEFTU011", Method("", "public abstract partial"));

    [Fact]
    public void PEFTU012_no_parameterless_constructor() =>
        Single("PEFTU012", Method("public M(int size) { }"));

    [Fact]
    public void PEFTU013_constraint_not_applicable() =>
        Assert.Contains("Min on option 'a' does not apply to type 'string'",
            Single("PEFTU013", Method("[PeftOption(Default = \"x\", Min = 1)] public partial string A { get; }")).GetMessage());

    [Fact]
    public void PEFTU014_two_budget_knobs() =>
        Single("PEFTU014", Method(
            "[PeftOption(Default = 1), BudgetKnob] public partial int A { get; } " +
            "[PeftOption(Default = 2), BudgetKnob] public partial int B { get; }"));

    [Fact]
    public void PEFTU015_two_plugins_with_one_id() =>
        Assert.Contains("Plugin id 'm' of 'N.M2' is already used by 'N.M'", Single("PEFTU015",
            Method("") + " [PeftMethod(\"m\")] public sealed partial class M2 : IPeftMethod { }").GetMessage());

    [Fact]
    public void PEFTU016_unknown_shape_factor() =>
        Assert.Contains("Shape factor 'Rank' of trainable 'a' is not an integer, a backbone dim", Single("PEFTU016",
            "[Trainable(\"a\", Shape = \"Rank, DModel\")] " + Method("[PeftOption(Default = 8)] public partial int R { get; }")).GetMessage());

    [Fact]
    public void PEFTU017_sites_is_not_a_sites_method() =>
        Assert.Contains("Sites 'Targets' of trainable 'a' must name a method", Single("PEFTU017",
            "[Trainable(\"a\", Sites = \"Targets\", Shape = \"In\")] " + Method("public int Targets => 1;")).GetMessage());

    [Fact]
    public void PEFTU018_condition_is_not_a_bool_property() =>
        Assert.Contains("When 'Size' of trainable 'a' must name a bool property", Single("PEFTU018",
            "[Trainable(\"a\", When = \"Size\", Shape = \"DModel\")] " + Method("public int Size => 1;")).GetMessage());

    [Fact]
    public void PEFTU019_a_number_passed_where_TorchSharp_takes_a_Scalar() =>
        Assert.Equal("PEFTU019", Assert.Single(ScalarLifetimeAnalyzerTests.Analyze("x.fill_(2.0f)")).Id);

    [Fact]
    public void PEFTU020_a_tensor_addition_with_TorchSharp_s_own_alpha() =>
        Assert.Equal("PEFTU020", Assert.Single(ScalarLifetimeAnalyzerTests.Analyze("x + y")).Id);

    [Fact]
    public void Every_descriptor_is_tested_here()
    {
        var tested = typeof(DiagnosticTests).GetMethods().Select(m => m.Name).Where(n => n.StartsWith("PEFTU", StringComparison.Ordinal))
            .Select(n => n[..8]).ToHashSet();
        var declared = typeof(Diagnostics).GetFields().Select(f => f.GetValue(null)).OfType<DiagnosticDescriptor>().Select(d => d.Id);

        Assert.All(declared, id => Assert.Contains(id, tested));
    }
}
