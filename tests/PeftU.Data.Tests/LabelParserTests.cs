using PeftU.Data.Evaluation;

namespace PeftU.Data.Tests;

public sealed class LabelParserTests
{
    private static readonly string[] Hate = ["Hateful", "Non-hateful"];
    private static readonly string[] Emotions = ["anger", "disgust", "fear", "joy", "sadness", "surprise"];

    [Theory]
    [InlineData("Hateful", "Hateful")]
    [InlineData(" Hateful. ", "Hateful")]
    [InlineData("Non-hateful'", "Non-hateful")]
    [InlineData("hateful", "Non-hateful")] // a substring of the second option only (case-sensitive, as the original)
    [InlineData("Hate", "Hateful")]
    [InlineData("Something else", null)]
    public void Generated_text_is_read_leniently(string generated, string? expected)
    {
        Assert.Equal(expected, LabelParser.Parse(generated, Hate).FirstOrDefault());
    }

    [Fact]
    public void Multi_label_output_is_correct_when_any_piece_is_gold()
    {
        Assert.True(LabelParser.IsCorrect("joy, surprised", ["surprise"], Emotions));
        Assert.False(LabelParser.IsCorrect("joy, anger", ["fear"], Emotions));
        Assert.Equal("joy", LabelParser.Predicted("anger, joy", ["joy", "fear"], Emotions));
        Assert.Equal("anger", LabelParser.Predicted("anger, joy", ["fear"], Emotions));
    }

    [Fact]
    public void Empty_output_maps_to_the_first_option_as_in_the_original()
    {
        Assert.Equal(["Hateful"], LabelParser.Parse("", Hate));
    }
}
