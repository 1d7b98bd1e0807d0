using PeftU.Core.Experiments;

namespace PeftU.Core.Tests.Experiments;

/// <summary>A method's own <c>training:</c> keys override the training section's (in any section order), are checked
/// like the section's and are named by method in errors.</summary>
public sealed class MethodTrainingTests
{
    private static (ExperimentSpec Spec, IReadOnlyList<SpecError> Errors) Parse(string yaml) =>
        ExperimentSpecReader.ParseLenient(new StringReader(yaml), "exp.yaml", _ => null);

    [Fact]
    public void A_methods_keys_override_the_section_and_the_rest_is_inherited()
    {
        var (spec, errors) = Parse("""
            backbone: {path: m}
            tasks: [synthetic]
            methods:
              - lora
              - {id: ia3, training: {lr: 0.03, bank_size: 4}}
            training: {epochs: 3, lr: 0.001}
            """);
        Assert.Empty(errors);
        Assert.Null(spec.Methods[0].Training);
        Assert.Equal(new TrainingSpec(Epochs: 3, Lr: 0.03, BankSize: 4), spec.Methods[1].Training);
        Assert.Equal(new TrainingSpec(Epochs: 3, Lr: 0.001), spec.Training);
    }

    [Fact]
    public void Bad_method_training_is_reported_at_its_line_with_the_method_named()
    {
        var (_, errors) = Parse("""
            backbone: {path: m}
            tasks: [synthetic]
            methods:
              - id: ia3
                training:
                  lr: -1
                  epoch: 3
              - {id: lora, data: x}
            """);
        Assert.Contains(errors, e => e.Line == 6 && e.Message.StartsWith("ia3.training.lr", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 7 && e.Message.Contains("unknown key 'epoch' in ia3.training; did you mean 'epochs'?", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 8 && e.Message.Contains("unknown key 'data' in methods", StringComparison.Ordinal) &&
                                     e.Message.Contains("(valid: id, options, training, evaluation)", StringComparison.Ordinal));
    }
}
