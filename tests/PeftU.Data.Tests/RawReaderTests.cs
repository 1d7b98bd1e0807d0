using PeftU.Abstractions.Tasks;
using PeftU.Data.Raw;

namespace PeftU.Data.Tests;

/// <summary>The StudEmo and SubjectiveDiscourse raw formats, on small files written here in those formats.</summary>
public sealed class RawReaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "peftu-raw-" + Guid.NewGuid().ToString("N"));

    public RawReaderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Studemo_labels_are_emotions_scored_at_least_one_and_the_first_labelled_row_wins()
    {
        File.WriteAllText(Path.Combine(_dir, "text_data.csv"), "id,text\np1,\"first, text\"\np2,second\np3,third\n");
        File.WriteAllText(Path.Combine(_dir, "annotation_data.csv"),
            "id,user,joy,fear,anger\n" +
            "p1,u2,0,0,0\n" +      // u2 is seen first but labels nothing here
            "p1,u1,1,0.5,2\n" +
            "p1,u1,0,3,0\n" +      // same (user, post) again: ignored, the first labelled row won
            "p2,u2,0,1.0,0\n" +
            "p3,u2,nan,0,0\n");
        var raw = StudEmoReader.Read(_dir);
        Assert.Equal(["u2", "u1"], raw.Users);
        Assert.Equal([new Sample("p1", "first, text", ["joy", "anger"])], raw["u1"]);
        Assert.Equal([new Sample("p2", "second", ["fear"])], raw["u2"]);
    }

    [Fact]
    public void Studemo_problems_name_file_line_and_column()
    {
        File.WriteAllText(Path.Combine(_dir, "text_data.csv"), "id,text\np1,x\n");
        File.WriteAllText(Path.Combine(_dir, "annotation_data.csv"), "id,user,joy\np1,u1,lots\np9,u1,1\n");
        var error = Assert.Throws<DataFormatException>(() => StudEmoReader.Read(Path.Combine(_dir, "annotation_data.csv")));
        Assert.Contains("line 2: 'lots' in column 'joy' is not a number", error.Message);
        Assert.Contains("line 3: post 'p9' has no text in text_data.csv", error.Message);
    }

    [Theory]
    [InlineData(SubjectiveDiscourseReader.Variant.Response, "answer", "shift-dodge")]
    [InlineData(SubjectiveDiscourseReader.Variant.QuestionSentiment, "somewhat-negative", "neutral")]
    [InlineData(SubjectiveDiscourseReader.Variant.ResponseSentiment, "very-positive", "negative")]
    public void Subjectivediscourse_reads_per_annotator_labels_from_list_literals(SubjectiveDiscourseReader.Variant variant, string first, string second)
    {
        var header = string.Join('\t', Enumerable.Range(0, 22).Select(i => $"c{i}"));
        string Row(string post, string users, string labels, string responseSentiment, string questionSentiment)
        {
            var cells = Enumerable.Range(0, 22).Select(i => $"x{i}").ToArray();
            (cells[3], cells[5], cells[6], cells[7], cells[8]) = (post, "Q", "asks", "R", "says");
            (cells[17], cells[11], cells[18], cells[21]) = (users, labels, responseSentiment, questionSentiment);
            return string.Join('\t', cells);
        }
        string path = Path.Combine(_dir, "gold.tsv");
        File.WriteAllText(path, header + "\n" +
            Row("q1", "['worker_2', \"worker_1\"]", "['answer', 'shift-dodge']", "['veryPositive', 'negative']", "['somewhatNegative', 'neutral']") + "\n");
        var raw = SubjectiveDiscourseReader.Read(path, variant);
        Assert.Equal(["worker_2", "worker_1"], raw.Users);
        Assert.Equal(new Sample("q1", "Q \n asks \n R \n says", [first]), raw["worker_2"][0]);
        Assert.Equal([second], raw["worker_1"][0].Labels);
    }

    [Fact]
    public void Python_list_literals_parse_like_ast_literal_eval()
    {
        Assert.Equal(["a", "b c", "it's"], PythonLiteral.ParseStringList("[ 'a', \"b c\", 'it\\'s' ]"));
        Assert.Equal([], PythonLiteral.ParseStringList("[]"));
        Assert.Null(PythonLiteral.ParseStringList("['a', 3]"));
        Assert.Null(PythonLiteral.ParseStringList("'a'"));
    }
}
