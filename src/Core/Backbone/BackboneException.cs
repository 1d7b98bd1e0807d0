namespace PeftU.Core.Backbone;

/// <summary>A problem with a backbone's files, config or inputs, worded for the user (file, key or tensor named).</summary>
public sealed class BackboneException(string message) : Exception(message);
