using PeftU.Abstractions.Tasks;
using PeftU.Core.Adapters;

namespace PeftU.Core.Experiments;

/// <summary>What a run needs of a task's data beyond its format: users, some test sample (else the accuracy is 0/0
/// and the run ends with NaN), and user ids that map to distinct record files (<c>u/1</c> and <c>u_1</c> would
/// share one, and a user would silently be lost).</summary>
public static class DatasetChecks
{
    /// <summary>The problems in one line, or null.</summary>
    public static string? Problem(PersonalizedDataset data)
    {
        if (data.Users.Count == 0)
            return "the data has no users";
        if (data.Users.All(u => u.Test.Count == 0))
            return $"no user has a test sample ({data.Users.Count} users); there is nothing to evaluate (accuracy would be 0/0)";
        var clash = data.Users.GroupBy(u => AdapterStore.UserFolder(u.UserId), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            return $"user ids {string.Join(" and ", clash.Select(u => $"'{u.UserId}'"))} map to the same record file '{clash.Key}.json'; rename one";
        return null;
    }
}
