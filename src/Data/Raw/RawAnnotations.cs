using PeftU.Abstractions.Tasks;
using PeftU.Data.Format;

namespace PeftU.Data.Raw;

/// <summary>Per user (in first-seen order), that user's annotated samples in insertion order — the input of the split.
/// A second annotation of the same post by the same user replaces the first in place, as a Python dict update does.</summary>
public sealed class RawAnnotations
{
    private readonly Dictionary<string, List<Sample>> _byUser = new(StringComparer.Ordinal);
    // Per user, each sample id's position: real files give one annotator tens of thousands of samples, so a linear
    // search per row would make reading quadratic.
    private readonly Dictionary<string, Dictionary<string, int>> _positions = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public IReadOnlyList<string> Users => _order;

    public IReadOnlyList<Sample> this[string user] => _byUser[user];

    /// <summary>Registers a user (keeps first-seen order) without a sample, as the original's <c>defaultdict</c> access.</summary>
    public void Touch(string user)
    {
        if (_byUser.ContainsKey(user))
            return;
        _byUser[user] = [];
        _positions[user] = new Dictionary<string, int>(StringComparer.Ordinal);
        _order.Add(user);
    }

    public bool Contains(string user, string sampleId) => _positions.TryGetValue(user, out var positions) && positions.ContainsKey(sampleId);

    public void Add(string user, Sample sample)
    {
        Touch(user);
        var samples = _byUser[user];
        var positions = _positions[user];
        if (positions.TryGetValue(sample.Id, out int existing))
            samples[existing] = sample;
        else
        {
            positions[sample.Id] = samples.Count;
            samples.Add(sample);
        }
    }
}
