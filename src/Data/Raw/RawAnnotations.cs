using PeftU.Abstractions.Tasks;
using PeftU.Data.Format;

namespace PeftU.Data.Raw;

/// <summary>Per user (in first-seen order), that user's annotated samples in insertion order — the input of the split.
/// A second annotation of the same post by the same user replaces the first in place, as a Python dict update does.</summary>
public sealed class RawAnnotations
{
    private readonly Dictionary<string, List<Sample>> _byUser = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public IReadOnlyList<string> Users => _order;

    public IReadOnlyList<Sample> this[string user] => _byUser[user];

    public void Add(string user, Sample sample)
    {
        if (!_byUser.TryGetValue(user, out var samples))
        {
            _byUser[user] = samples = [];
            _order.Add(user);
        }
        int existing = samples.FindIndex(s => s.Id == sample.Id);
        if (existing >= 0)
            samples[existing] = sample;
        else
            samples.Add(sample);
    }
}
