namespace PeftU.Abstractions;

/// <summary>What a plugin contributes to an experiment.</summary>
public enum PluginKind
{
    /// <summary>A PEFT method (or a no-module baseline such as zero-shot).</summary>
    Method,

    /// <summary>A task: labels, data loading, prompts, metric.</summary>
    Task,
}
