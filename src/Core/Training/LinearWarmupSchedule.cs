namespace PeftU.Core.Training;

/// <summary>HF's <c>get_linear_schedule_with_warmup</c> for one user: the learning-rate factor of the step taken after
/// n earlier steps rises linearly from 0 over the warm-up, then falls linearly to 0 at the
/// last step. (HF's first step therefore uses factor 0 whenever there is a warm-up.)</summary>
public readonly record struct LinearWarmupSchedule(int TotalSteps, int WarmupSteps)
{
    /// <summary>HF Trainer: warm-up steps = ⌈ratio × total⌉; with <paramref name="floor"/> ⌊ratio × total⌋, as the
    /// original's peft path (<c>int(n_step * 0.1)</c>, trainer/train.py).</summary>
    public static LinearWarmupSchedule For(int totalSteps, double warmupRatio, bool floor = false) =>
        new(totalSteps, (int)(floor ? Math.Floor(warmupRatio * totalSteps) : Math.Ceiling(warmupRatio * totalSteps)));

    public double Factor(int step)
    {
        if (step < WarmupSteps)
            return step / (double)Math.Max(1, WarmupSteps);
        return Math.Max(0.0, (TotalSteps - step) / (double)Math.Max(1, TotalSteps - WarmupSteps));
    }
}
