using PeftU.Abstractions;
using PeftU.Abstractions.Methods;

namespace PeftU.TestPlugins.DuplicateA;

[PeftMethod("same-id")]
public sealed partial class Claimant : FrozenModelMethod, IPeftMethod;
