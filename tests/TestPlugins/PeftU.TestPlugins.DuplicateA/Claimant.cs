using PeftU.Abstractions;

namespace PeftU.TestPlugins.DuplicateA;

[PeftMethod("same-id")]
public sealed partial class Claimant : IPeftMethod;
