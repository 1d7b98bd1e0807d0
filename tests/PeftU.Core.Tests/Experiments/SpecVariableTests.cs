using PeftU.Core.Experiments;

namespace PeftU.Core.Tests.Experiments;

/// <summary><c>${NAME}</c> and <c>${NAME:-default}</c> in experiment files: taken from the environment, the default when
/// unset or empty, an error at the node when unset without a default.</summary>
public sealed class SpecVariableTests
{
    private static (ExperimentSpec Spec, IReadOnlyList<SpecError> Errors) Parse(string yaml, params (string Name, string Value)[] env) =>
        ExperimentSpecReader.ParseLenient(new StringReader(yaml), "exp.yaml",
            name => env.FirstOrDefault(e => e.Name == name).Value);

    [Fact]
    public void Set_variables_replace_their_reference_anywhere_in_a_scalar()
    {
        var (spec, errors) = Parse("""
            backbone: {path: "${CKPT}/base"}
            tasks: [{id: tweeteval, data: "${DATA:-/d}/tweeteval"}]
            methods: [lora]
            training: {epochs: "${EPOCHS}"}
            """, ("CKPT", "/ckpt"), ("DATA", "/data"), ("EPOCHS", "3"));
        Assert.Empty(errors);
        Assert.Equal("/ckpt/base", spec.Backbone.Path);
        Assert.Equal("/data/tweeteval", spec.Tasks[0].Data);
        Assert.Equal(3, spec.Training.Epochs);
    }

    [Fact]
    public void An_unset_or_empty_variable_takes_its_default()
    {
        var (spec, errors) = Parse("""
            backbone: {path: "${CKPT:-../models/base}"}
            tasks: [{id: tweeteval, data: "${DATA:-}x"}]
            methods: [lora]
            """, ("DATA", ""));
        Assert.Empty(errors);
        Assert.Equal("../models/base", spec.Backbone.Path);
        Assert.Equal("x", spec.Tasks[0].Data);
    }

    [Fact]
    public void An_unset_variable_without_default_is_an_error_at_its_node()
    {
        var (_, errors) = Parse("""
            backbone:
              path: ${CKPT}
            tasks: [synthetic]
            methods: [lora]
            """);
        var error = Assert.Single(errors);
        Assert.Equal((2, 9), (error.Line, error.Column));
        Assert.Contains("CKPT", error.Message);
    }

    [Fact]
    public void Text_without_a_reference_is_left_alone()
    {
        var (spec, errors) = Parse("""
            backbone: {path: "a$b/{c}"}
            tasks: [synthetic]
            methods: [lora]
            """);
        Assert.Empty(errors);
        Assert.Equal("a$b/{c}", spec.Backbone.Path);
    }
}
