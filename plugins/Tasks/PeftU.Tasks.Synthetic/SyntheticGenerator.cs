using PeftU.Abstractions.Tasks;
using PeftU.Data;
using PeftU.Data.Raw;
using PeftU.Data.Splits;

namespace PeftU.Tasks.Synthetic;

/// <summary>Deterministic personalized data in TweetEval's shape: every user labels the same seeded pool of topic texts
/// (like annotator columns); user u labels a text of topic t with <c>(t + offset_t + u) mod labels</c>. The per-user
/// shifts spread every text's labels evenly over users, so the majority label matches a user's label for
/// ⌈users/labels⌉/users of the pairs (≤ 60% from 4 users on) while each user's own rule is exact. With <c>noise</c> > 0
/// a label is replaced by another with that probability. Splits use the PEFT-U algorithm. The pre-training corpus has
/// the same topics and rules (for the same seed) in other sentence frames.</summary>
public static class SyntheticGenerator
{
    public static PersonalizedDataset Generate(int users, int textsPerUser, int labels, double noise, int seed,
        SyntheticCorpus corpus = SyntheticCorpus.Task)
    {
        var random = new PythonRandom(seed);
        var pool = corpus == SyntheticCorpus.Task
            ? BuildPool("t", TopicVocabulary.Openers, TopicVocabulary.Closers)
            : BuildPool("p", TopicVocabulary.PretrainingOpeners, TopicVocabulary.PretrainingClosers);
        var topicShift = Enumerable.Range(0, TopicVocabulary.Topics.Length).Select(_ => (int)random.RandBelow(labels)).ToArray();
        var raw = new RawAnnotations();
        var shared = random.Sample(Enumerable.Range(0, pool.Count).ToList(), Math.Min(textsPerUser, pool.Count)).Order().ToList();
        for (int u = 0; u < users; u++)
        {
            int shift = u % labels;
            string user = $"user{u:D4}";
            foreach (int index in shared)
            {
                var (id, text, topic) = pool[index];
                int label = (topic + topicShift[topic] + shift) % labels;
                if (noise > 0 && random.NextDouble() < noise)
                    label = (label + 1 + (int)random.RandBelow(labels - 1)) % labels;
                raw.Add(user, new Sample(id, text, [TopicVocabulary.LabelNames[label]]));
            }
        }
        return PeftUSplitter.Split(raw);
    }

    public static TaskDefinition Definition(int labels)
    {
        var names = TopicVocabulary.LabelNames.Take(labels).ToArray();
        return new TaskDefinition("synthetic", names, false,
            $"Label the text the way this annotator would. Respond with one of: {string.Join(", ", names)}.");
    }

    /// <summary>Every (topic word, opener, closer) combination: 8 topics × 4 words × 5 × 5 = 800 texts.</summary>
    private static List<(string Id, string Text, int Topic)> BuildPool(string idPrefix, string[] openers, string[] closers)
    {
        var pool = new List<(string, string, int)>();
        for (int t = 0; t < TopicVocabulary.Topics.Length; t++)
        {
            foreach (var word in TopicVocabulary.Topics[t])
            {
                foreach (var opener in openers)
                {
                    foreach (var closer in closers)
                        pool.Add(($"{idPrefix}{pool.Count:D4}", $"{opener} {word} {closer}", t));
                }
            }
        }
        return pool;
    }
}
