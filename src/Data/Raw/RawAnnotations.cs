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

    /// <summary>Registers a user (keeps first-seen order) without a sample, as the original's <c>defaultdict</c> access.</summary>
    public List<Sample> Touch(string user)
    {
        if (!_byUser.TryGetValue(user, out var samples))
        {
            _byUser[user] = samples = [];
            _order.Add(user);
        }
        return samples;
    }

    public bool Contains(string user, string sampleId) => _byUser.TryGetValue(user, out var samples) && samples.Any(s => s.Id == sampleId);

    public void Add(string user, Sample sample)
    {
        var samples = Touch(user);
        int existing = samples.FindIndex(s => s.Id == sample.Id);
        if (existing >= 0)
            samples[existing] = sample;
        else
            samples.Add(sample);
    }
}
