using PeftU.Abstractions.Tasks;

namespace PeftU.Data.Verification;

/// <summary>A dataset with each sample's labels sorted, to compare outputs whose label order the original leaves to a
/// Python set (GoEmotion) while keeping everything else — users, samples, their order, texts — exact.</summary>
public static class LabelSets
{
    public static PersonalizedDataset Sorted(PersonalizedDataset dataset) =>
        new(dataset.Users.Select(u => new UserData(u.UserId, Sorted(u.Train), Sorted(u.Val), Sorted(u.Test))).ToList());

    private static List<Sample> Sorted(IReadOnlyList<Sample> samples) =>
        samples.Select(s => s with { Labels = s.Labels.Order(StringComparer.Ordinal).ToList() }).ToList();
}
