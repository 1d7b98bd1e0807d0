using PeftU.Abstractions.Tasks;
using PeftU.Core.Experiments;

namespace PeftU.Core.Sharding;

/// <summary>The work units of a plan in run order (task, then method, then bank). A cell's estimate is shared among its
/// banks by their rows: training FLOPs by train + validation rows, test FLOPs by test rows.</summary>
public static class WorkUnits
{
    public static IReadOnlyList<WorkUnit> Of(ExperimentPlan plan, IReadOnlyList<CellCost> costs)
    {
        var keys = CellKeys.Of(plan.Methods).ToList();
        var units = new List<WorkUnit>();
        int cell = 0;
        foreach (var task in plan.Tasks)
        {
            var users = task.Dataset.UsersInRunOrder();
            long trainRows = users.Sum(TrainRows), testRows = users.Sum(TestRows);
            foreach (var (method, key) in keys)
            {
                var cost = costs[cell++];
                int bank = 0;
                foreach (var members in users.Chunk(method.Training.BankSize))
                {
                    double train = Share(cost.TrainFlops, members.Sum(TrainRows), trainRows, members.Length, users.Count);
                    double test = Share(cost.TestFlops, members.Sum(TestRows), testRows, members.Length, users.Count);
                    units.Add(new WorkUnit(task.Plugin.Descriptor.Id, key, bank++, [.. members.Select(u => u.UserId)], train + test));
                }
            }
        }
        return units;
    }

    private static long TrainRows(UserData user) => user[SplitName.Train].Count + user[SplitName.Val].Count;

    private static long TestRows(UserData user) => user[SplitName.Test].Count;

    private static double Share(double flops, long rows, long allRows, int members, int allUsers) =>
        allRows > 0 ? flops * rows / allRows : flops * members / Math.Max(1, allUsers);
}
