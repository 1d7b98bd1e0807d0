namespace PeftU.Abstractions;

/// <summary>A task plugin. Data loading, prompt building, label parsing and metrics are added by the tasks work;
/// until then a task is its metadata and options.</summary>
public interface IPeftTask : IPeftPlugin;
