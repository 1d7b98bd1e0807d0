using PeftU.Abstractions;
using PeftU.Abstractions.Backbone;
using PeftU.Abstractions.Tasks;
using PeftU.Core.Budget;

namespace PeftU.Core.Experiments;

/// <summary>What a run will do, resolved and checked before anything trains: the backbone's dims, each task's users and
/// each method's configured plugin with its count (and budget choice), and the cells (task × method).</summary>
public sealed record ExperimentPlan(
    ExperimentSpec Spec,
    BackboneDims Dims,
    IReadOnlyList<PlannedTask> Tasks,
    IReadOnlyList<PlannedMethod> Methods)
{
    public IEnumerable<PlannedCell> Cells =>
        from task in Tasks
        from method in Methods
        select new PlannedCell(task, method, (task.Dataset.Users.Count + method.Training.BankSize - 1) / method.Training.BankSize);
}

public sealed record PlannedTask(IPeftTask Plugin, PersonalizedDataset Dataset);

/// <summary>A configured method, its count and budget choice, and the training settings it runs with (the training section,
/// or the method's own keys over it).</summary>
public sealed record PlannedMethod(IPeftMethod Plugin, long TrainableParameters, BudgetChoice? Budget, TrainingSpec Training, EvaluationSpec Evaluation);

/// <summary>One task × method cell: its users are trained in <see cref="Banks"/> banks of at most bank_size users.</summary>
public sealed record PlannedCell(PlannedTask Task, PlannedMethod Method, int Banks);
