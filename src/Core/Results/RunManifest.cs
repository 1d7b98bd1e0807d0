namespace PeftU.Core.Results;

/// <summary>What a run folder holds, written before training: the cells with everything a report needs (so
/// <c>peftu report DIR</c> needs neither plugins nor data), the backbone and the dtype it ran in and why. A resumed run
/// with <c>dtype: auto</c> keeps this dtype instead of probing again (a probe can flip between runs).</summary>
public sealed record RunManifest(
    string Experiment,
    string Backbone,
    string Dtype,
    long BaseParameters,
    IReadOnlyList<ManifestCell> Cells,
    string? DtypeReason = null);

/// <summary>One task × method cell: its folder key, the method's resolved options and counts (ours and HF peft's printed
/// convention), the task's labels and users in run order.</summary>
public sealed record ManifestCell(
    string Task,
    string Cell,
    string Method,
    IReadOnlyDictionary<string, string> Options,
    long TrainableParams,
    long PeftConventionParams,
    string Signature,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Users);
