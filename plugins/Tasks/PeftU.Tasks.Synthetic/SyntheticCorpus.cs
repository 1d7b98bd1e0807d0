namespace PeftU.Tasks.Synthetic;

/// <summary>Which texts the synthetic task is made of: the task's own, or the pre-training corpus of the bundled backbone
/// (the same topic words and labelling rules in other sentence frames, so no pre-training text is a task text).</summary>
public enum SyntheticCorpus
{
    Task,
    Pretraining,
}
