namespace PeftU.Tasks.Synthetic;

/// <summary>The words synthetic texts are built from: each text names one topic word; openers and closers only vary
/// the wording. Labels depend on the topic alone, so a user's rule is learnable from the text.</summary>
internal static class TopicVocabulary
{
    public static readonly string[][] Topics =
    [
        ["football", "tennis", "match", "goal"],
        ["guitar", "song", "concert", "drum"],
        ["pizza", "soup", "bread", "cheese"],
        ["election", "senate", "vote", "minister"],
        ["beach", "train", "hotel", "flight"],
        ["galaxy", "atom", "robot", "planet"],
        ["film", "actor", "cinema", "scene"],
        ["rain", "snow", "storm", "wind"],
    ];

    public static readonly string[] Openers = ["I keep thinking about the", "everyone talks about the", "we finally saw the", "my neighbour loves the", "nobody expected the"];

    public static readonly string[] Closers = ["today", "again", "last night", "this week", "for hours"];

    /// <summary>The pre-training corpus's sentence frames: none is a task frame, so no pre-training text is a task text
    /// (the bundled backbone meets every test text for the first time).</summary>
    public static readonly string[] PretrainingOpeners = ["people argued about the", "there was news about the", "she wrote a long post on the", "they could not stop discussing the", "I read a story about the"];

    public static readonly string[] PretrainingClosers = ["yesterday", "once more", "this morning", "all weekend", "at work"];

    /// <summary>Short label words (one or two T5 tokens each).</summary>
    public static readonly string[] LabelNames = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "lambda"];
}
