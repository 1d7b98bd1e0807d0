using PeftU.Abstractions.Tasks;
using PeftU.Data.Raw;

namespace PeftU.Data.Tests;

/// <summary>Bad raw input is one <see cref="DataFormatException"/> naming the file and, per problem, the line and column
/// or field — where the original would raise (or silently write something wrong).</summary>
public sealed class RawPreparerErrorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "peftu-rawerr-" + Guid.NewGuid().ToString("N"));

    public RawPreparerErrorTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        File.WriteAllText(Path.Combine(_dir, name), text);
        return Path.Combine(_dir, name);
    }

    [Fact]
    public void Gabhate_unknown_label_and_short_row()
    {
        string path = Write(GabHateReader.FileName, "ID\tAnnotator\tText\tHate\n1\ta\tt\t0\n2\ta\tt\t2\n3\ta\n4\ta\tt\t 1 \n");
        var error = Assert.Throws<DataFormatException>(() => GabHateReader.Read(_dir));
        Assert.Equal(path, error.File);
        Assert.Equal(["line 3: column 4 ('Hate') is '2', expected 0 or 1", "line 4: 2 field(s), column 4 ('Hate') is missing"], error.Problems);
    }

    [Fact]
    public void A_byte_that_is_not_utf8_fails_naming_its_line_as_pythons_open_would()
    {
        File.WriteAllBytes(Path.Combine(_dir, GabHateReader.FileName), [.. "ID\tAnnotator\tText\tHate\n1\ta\tcaf"u8, 0xE9, .. "\t0\n"u8]);
        var error = Assert.Throws<DataFormatException>(() => GabHateReader.Read(_dir));
        Assert.Contains("line 2: byte 0xe9 at offset 30 is not UTF-8", Assert.Single(error.Problems));
    }

    [Fact]
    public void Unhealthy_label_is_checked_only_on_the_rows_the_original_keeps()
    {
        const string header = "_unit_id,comment,_trusted_judgments,_worker_id,_trust,_created_at,antagonize,condescending,dismissive,healthy\n";
        Write(UnhealthyConversationsReader.FileName, header + "1,t,3,w,0.9,d,0,0,0,1\n1,t,3,w,0.9,d,0,0,0,maybe\n2,t,3,w,0.9,d,0,0,0,yes\n");
        var error = Assert.Throws<DataFormatException>(() => UnhealthyConversationsReader.Read(_dir));
        Assert.Equal(["line 4: column 10 ('healthy') is 'yes', expected 1 or 0"], error.Problems); // line 3 repeats (w, 1): skipped
    }

    [Fact]
    public void Wikidetox_names_a_rev_id_without_comment_and_a_non_number()
    {
        Write(WikiDetoxReader.CommentsFile, "rev_id\tcomment\n10\tNEWLINE_TOKENhi\n");
        Write(WikiDetoxReader.AnnotationsFile, "rev_id\tworker_id\taggression\n10\t1\t1.0\n11\t1\t0.0\n10\t2\tnan\n");
        var error = Assert.Throws<DataFormatException>(() => WikiDetoxReader.Read(Path.Combine(_dir, WikiDetoxReader.CommentsFile)));
        Assert.Equal([
            "line 3: column 1 ('rev_id') '11' has no comment in aggression_annotated_comments.tsv",
            "line 4: column 3 ('aggression') is 'nan', expected 0.0 or 1.0",
        ], error.Problems);
        Write(WikiDetoxReader.AnnotationsFile, "rev_id\tworker_id\taggression\n10\t1\t1.0\n");
        Assert.Equal([new Sample("10", "NEWLINE_TOKENhi", ["Aggressive"])], WikiDetoxReader.Read(_dir)["1"]);
    }

    [Fact]
    public void Epic_names_a_missing_column_and_reads_pandas_na_strings_as_nan()
    {
        Write(EpicReader.FileName, "id_original,text,parent_text,user\nt1,a,b,u\n");
        var missing = Assert.Throws<DataFormatException>(() => EpicReader.Read(_dir));
        Assert.Equal(["line 1: column(s) 'label' missing from the header"], missing.Problems);

        Write(EpicReader.FileName, "id_original,text,parent_text,label,user\nt1,fine,NA,iro,u\nt2,x,y,sarcastic,u\n");
        var label = Assert.Throws<DataFormatException>(() => EpicReader.Read(_dir));
        Assert.Equal(["line 3: column 'label' is 'sarcastic', expected iro or not"], label.Problems);

        Write(EpicReader.FileName, "id_original,text,parent_text,label,user\nt1,fine,NA,iro,u\nt1,\"a, \"\"b\"\"\",,not,u\n");
        Assert.Equal([new Sample("t1", "message: \"nan\"\n\nreply: \"a, \"b\"\"", ["Non-ironic"])], EpicReader.Read(_dir)["u"]);
    }

    [Fact]
    public void Cockamamie_and_hatexplain_name_the_json_field_or_line()
    {
        Write(CockamamieReader.FileName, """{"word_ratings": {"votes": [{"w": {"no_votes": ["a"]}}]}}""");
        var cockamamie = Assert.Throws<DataFormatException>(() => CockamamieReader.Read(_dir));
        Assert.Equal(["field 'word_ratings.votes[0].w.yes_votes': missing or not a list"], cockamamie.Problems);

        Write(HatexplainReader.DivisionsFile, """{"train": [], "test": [], "val": []}""");
        Write(HatexplainReader.DatasetFile, "{\"p1\": {\"post_id\": \"p1\",\n \"annotators\": [}");
        var syntax = Assert.Throws<DataFormatException>(() => HatexplainReader.Read(_dir));
        Assert.StartsWith("line 2,", Assert.Single(syntax.Problems));

        Write(HatexplainReader.DatasetFile, """
            {"p1": {"post_id": "p1", "annotators": [{"label": "normal", "annotator_id": 1, "target": []}], "post_tokens": ["a"]},
             "p2": {"post_id": "p2", "annotators": [{"label": "normal", "annotator_id": 1, "target": []}], "rationales": [[1]], "post_tokens": ["a"]}}
            """);
        var fields = Assert.Throws<DataFormatException>(() => HatexplainReader.Read(_dir));
        Assert.Equal([
            "post 'p1': field 'rationales' is missing",
            "post 'p2': annotator 1 marks a rationale on a post whose majority label is 'normal'; the original fails here (KeyError on global_examples['all'])",
        ], fields.Problems);
    }

    [Fact]
    public void Measuringhatespeech_csv_ids_must_be_integers_and_scores_numbers()
    {
        Write(MeasuringHateSpeechReader.CsvFile, "comment_id,annotator_id,text,hatespeech\n1,2,t,1.0\nx1,2,t,0.0\n3,2,t,lots\n");
        var error = Assert.Throws<DataFormatException>(() => MeasuringHateSpeechReader.Read(_dir));
        Assert.Equal(["line 3: column 'comment_id' is 'x1', expected an integer"], error.Problems);

        Write(MeasuringHateSpeechReader.CsvFile, "comment_id,annotator_id,text,hatespeech\n1,2,t,1.0\n3,2,t,lots\n");
        var score = Assert.Throws<DataFormatException>(() => MeasuringHateSpeechReader.Read(Path.Combine(_dir, MeasuringHateSpeechReader.CsvFile)));
        Assert.Equal(["line 3: 'hatespeech' is 'lots', expected a number (0, 1 or 2)"], score.Problems);
    }

    [Fact]
    public void A_missing_raw_file_names_what_was_expected()
    {
        var error = Assert.Throws<DataFormatException>(() => WikiDetoxReader.Read(_dir));
        Assert.Contains("no such file (expected aggression_annotations.tsv)", error.Message);
    }
}
