using PeftU.Abstractions;
using PeftU.Abstractions.Methods;

namespace PeftU.TestPlugins.DuplicateB;

[PeftMethod("same-id")]
public sealed partial class Claimant : FrozenModelMethod, IPeftMethod;
