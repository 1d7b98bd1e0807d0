using PeftU.Core.Results;
using PeftU.Data.Evaluation;

namespace PeftU.Core.Reports;

/// <summary>One cell's results as the reports show them: its manifest entry, the finished users' records (in run
/// order) and the metrics over them (null while no user is finished).</summary>
public sealed record CellResult(ManifestCell Cell, IReadOnlyList<UserRecord> Records, Metrics? Metrics)
{
    public bool Complete => Records.Count == Cell.Users.Count;

    public double Seconds => Records.Sum(r => r.Seconds);

    /// <summary>Trainable parameters as a fraction of the base model (this project's convention).</summary>
    public double TrainableFraction(long baseParameters) => Cell.TrainableParams / (double)baseParameters;

    /// <summary>HF peft's <c>print_trainable_parameters</c>: its count over base + its count.</summary>
    public double PeftFraction(long baseParameters) => Cell.PeftConventionParams / (double)(baseParameters + Cell.PeftConventionParams);

    /// <summary>Reads a run folder's cells and records.</summary>
    public static (RunManifest Manifest, IReadOnlyList<CellResult> Cells) Load(ResultStore store)
    {
        var manifest = store.ReadManifest();
        var cells = manifest.Cells.Select(cell =>
        {
            var finished = store.Finished(cell.Task, cell.Cell, cell.Signature);
            var records = cell.Users.Where(finished.ContainsKey).Select(u => finished[u]).ToList();
            var predictions = records.SelectMany(r => r.Predictions.Select(p => new Prediction(r.UserId, p.SampleId, p.Predicted, p.True, p.Correct))).ToList();
            return new CellResult(cell, records, predictions.Count == 0 ? null : Metrics.Compute(predictions, cell.Labels));
        }).ToList();
        return (manifest, cells);
    }
}
