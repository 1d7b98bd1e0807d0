namespace PeftU.Core.Results;

/// <summary>Required fields of the run files as read back: System.Text.Json leaves a missing or null field null even
/// where the type says otherwise, and a null deep in a report is a crash, not a message. Each problem names the field.</summary>
internal static class RunFileChecks
{
    public static string? Problem(UserRecord r)
    {
        var missing = new List<string>();
        Need(r.Task, "task");
        Need(r.Cell, "cell");
        Need(r.Signature, "signature");
        Need(r.UserId, "user_id");
        Need(r.ValLosses, "val_losses");
        Need(r.Predictions, "predictions");
        if (r.Predictions is not null)
        {
            for (int i = 0; i < r.Predictions.Count; i++)
            {
                Need(r.Predictions[i], $"predictions[{i}]");
                Need(r.Predictions[i]?.SampleId, $"predictions[{i}].sample_id");
                Need(r.Predictions[i]?.True, $"predictions[{i}].true");
            }
        }
        return missing.Count == 0 ? null : $"{string.Join(", ", missing.Take(5))} missing or null";

        void Need(object? value, string name)
        {
            if (value is null)
                missing.Add(name);
        }
    }

    public static string? Problem(RunManifest m)
    {
        var missing = new List<string>();
        Need(m.Experiment, "experiment");
        Need(m.Backbone, "backbone");
        Need(m.Dtype, "dtype");
        Need(m.Cells, "cells");
        for (int i = 0; i < (m.Cells?.Count ?? 0); i++)
        {
            var c = m.Cells![i];
            if (c is null)
            {
                missing.Add($"cells[{i}]");
                continue;
            }
            Need(c.Task, $"cells[{i}].task");
            Need(c.Cell, $"cells[{i}].cell");
            Need(c.Method, $"cells[{i}].method");
            Need(c.Options, $"cells[{i}].options");
            Need(c.Signature, $"cells[{i}].signature");
            Need(c.Labels, $"cells[{i}].labels");
            Need(c.Users, $"cells[{i}].users");
            if (c.Labels?.Any(l => l is null) == true || c.Users?.Any(u => u is null) == true || c.Options?.Values.Any(v => v is null) == true)
                missing.Add($"cells[{i}]: a null label, user or option");
        }
        return missing.Count == 0 ? null : $"{string.Join(", ", missing.Take(5))} missing or null";

        void Need(object? value, string name)
        {
            if (value is null)
                missing.Add(name);
        }
    }
}
