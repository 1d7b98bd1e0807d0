namespace PeftU.Abstractions;

/// <summary>A PEFT method plugin. The hook-point contract through which a method attaches to the frozen backbone
/// (per-layer projections, FFN input/output, attention prefixes, input embeddings, user banks) is added by the
/// backbone and methods work; until then a method is its metadata and options.</summary>
public interface IPeftMethod : IPeftPlugin;
