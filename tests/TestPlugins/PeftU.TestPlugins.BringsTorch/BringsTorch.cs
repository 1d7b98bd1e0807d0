using PeftU.Abstractions;
using PeftU.Abstractions.Methods;

namespace PeftU.TestPlugins.BringsTorch;

[PeftMethod("brings-torch")]
public sealed partial class BringsTorch : FrozenModelMethod, IPeftMethod;
