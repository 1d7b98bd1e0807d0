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

    /// <summary>Short label words (one or two T5 tokens each).</summary>
    public static readonly string[] LabelNames = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "lambda"];
}
