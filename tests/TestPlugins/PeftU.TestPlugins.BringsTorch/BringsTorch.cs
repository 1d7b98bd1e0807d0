using PeftU.Abstractions;

namespace PeftU.TestPlugins.BringsTorch;

[PeftMethod("brings-torch")]
public sealed partial class BringsTorch : IPeftMethod;
