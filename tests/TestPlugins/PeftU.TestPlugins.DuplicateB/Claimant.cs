using PeftU.Abstractions;

namespace PeftU.TestPlugins.DuplicateB;

[PeftMethod("same-id")]
public sealed partial class Claimant : IPeftMethod;
