namespace PeftU.Data.Raw;

/// <summary>Every task with a raw-file preparer, in the original repository's layout (its <c>data/</c> folder;
/// measuringhatespeech has none there — the original downloads it from HF — so it is looked for in
/// <c>measuringhatespeech/</c>).</summary>
public static class RawSources
{
    private const string SubjectiveDiscourseFile = "with_features_annotated_questions_responses_gold.tsv";

    public static IReadOnlyList<RawSource> All { get; } =
    [
        new("hatexplain", "hatexplain", [[HatexplainReader.DatasetFile], [HatexplainReader.DivisionsFile]], null, HatexplainReader.Read),
        new("gabhate", "gabhate", [[GabHateReader.FileName]], null, GabHateReader.Read),
        new("measuringhatespeech", "measuringhatespeech", [[MeasuringHateSpeechReader.ParquetFile, MeasuringHateSpeechReader.CsvFile]], null, MeasuringHateSpeechReader.Read),
        new("tweeteval", "tweeteval", [["annotations_g3.csv"]], "annotations_g3.csv", AnnotatorColumnsReader.Read),
        new("unhealthyconversations", "unhealthyconversations", [[UnhealthyConversationsReader.FileName]], null, UnhealthyConversationsReader.Read),
        new("wikidetox", "wikidetox", [[WikiDetoxReader.AnnotationsFile], [WikiDetoxReader.CommentsFile]], null, WikiDetoxReader.Read),
        new("goemotion", "goemotion", GoEmotionReader.FileNames.Select(f => new[] { f }).ToList(), null, GoEmotionReader.Read,
            UnorderedLabels: true),
        new("studemo", "studemo", [["annotation_data.csv"], ["text_data.csv"]], null, StudEmoReader.Read),
        new("cockamamie", "cockamamie", [[CockamamieReader.FileName]], null, CockamamieReader.Read),
        new("epic", "epic", [[EpicReader.FileName]], null, EpicReader.Read),
        new("subjectivediscourse_response", "subjectivediscourse", [[SubjectiveDiscourseFile]], SubjectiveDiscourseFile,
            path => SubjectiveDiscourseReader.Read(path, SubjectiveDiscourseReader.Variant.Response)),
        new("subjectivediscourse_question_sentiment", "subjectivediscourse", [[SubjectiveDiscourseFile]], SubjectiveDiscourseFile,
            path => SubjectiveDiscourseReader.Read(path, SubjectiveDiscourseReader.Variant.QuestionSentiment)),
        new("subjectivediscourse_response_sentiment", "subjectivediscourse", [[SubjectiveDiscourseFile]], SubjectiveDiscourseFile,
            path => SubjectiveDiscourseReader.Read(path, SubjectiveDiscourseReader.Variant.ResponseSentiment)),
    ];

    public static RawSource? Find(string task) => All.FirstOrDefault(s => s.Task == task);
}
