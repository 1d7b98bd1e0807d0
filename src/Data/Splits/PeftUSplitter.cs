using PeftU.Abstractions.Tasks;
using PeftU.Data.Format;
using PeftU.Data.Raw;

namespace PeftU.Data.Splits;

/// <summary>The original's per-user split (<c>data2dataset_splits</c>, leakage mode, paper-era code), bit for bit:
/// per label in sorted order, that label's samples re-shuffled from seed 42 with CPython's <c>random</c>,
/// <c>non_train = max(2, round(0.2·n))</c> (round half to even), <c>val = round(0.5·non_train)</c>; merged train, then
/// test, then val, so a multi-label sample stays in the first split that claims it; users with fewer than 10 samples
/// dropped. ../shared/data/peft-u/README.md spells it out.</summary>
public static class PeftUSplitter
{
    public const int Seed = 42;
    public const double NonTrainRatio = 0.2;
    public const int DropThreshold = 10;

    public static PersonalizedDataset Split(RawAnnotations annotations)
    {
        var users = new List<UserData>();
        foreach (var user in annotations.Users)
        {
            var split = SplitUser(user, annotations[user]);
            if (split.Count >= DropThreshold)
                users.Add(split);
        }
        return new PersonalizedDataset(users);
    }

    public static UserData SplitUser(string user, IReadOnlyList<Sample> samples)
    {
        var train = new OrderedSamples();
        var val = new OrderedSamples();
        var test = new OrderedSamples();
        var random = new PythonRandom(Seed);
        foreach (var label in samples.SelectMany(s => s.Labels).Distinct().Order(StringComparer.Ordinal))
        {
            var carrying = samples.Where(s => s.Labels.Contains(label)).ToList();
            random.Seed(Seed); // the original re-seeds before every label's shuffle
            random.Shuffle(carrying);
            int n = carrying.Count;
            int nonTrain = Math.Max(2, (int)Math.Round(NonTrainRatio * n, MidpointRounding.ToEven));
            int valSize = (int)Math.Round(0.5 * nonTrain, MidpointRounding.ToEven);
            // Python slices: list[:-k] and list[-k:] clamp when k > n.
            int trainEnd = Math.Max(0, n - nonTrain);
            var rest = carrying.Skip(trainEnd).ToList();
            foreach (var sample in carrying.Take(trainEnd))
                train.AddIfAbsent(sample, val, test);
            foreach (var sample in rest.Skip(valSize))
                test.AddIfAbsent(sample, train, val);
            foreach (var sample in rest.Take(valSize))
                val.AddIfAbsent(sample, train, test);
        }
        return new UserData(user, train.Items, val.Items, test.Items);
    }

    /// <summary>A Python dict of samples: insertion order, <c>update</c> keeps a key's first position.</summary>
    private sealed class OrderedSamples
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<Sample> _items = [];

        public IReadOnlyList<Sample> Items => _items;

        public void AddIfAbsent(Sample sample, OrderedSamples other1, OrderedSamples other2)
        {
            if (other1._index.ContainsKey(sample.Id) || other2._index.ContainsKey(sample.Id))
                return;
            if (_index.TryGetValue(sample.Id, out int at))
                _items[at] = sample;
            else
            {
                _index[sample.Id] = _items.Count;
                _items.Add(sample);
            }
        }
    }
}
