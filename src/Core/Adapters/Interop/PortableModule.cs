using PeftU.Abstractions.Backbone;
using static TorchSharp.torch;

namespace PeftU.Core.Adapters.Interop;

/// <summary>One user's module in this framework's terms, whatever layout it came from: the method plugin's id and
/// options, its tensors under the bank's saved names and shapes (fp32 on the CPU), and what was learned on the way.</summary>
/// <param name="Source">The folder it was read from.</param>
/// <param name="Format">The layout it was read in.</param>
/// <param name="MethodId">The method plugin that runs it.</param>
/// <param name="Options">The plugin's options, as <c>--set</c> text.</param>
/// <param name="Tensors">Saved name → tensor, as the attached bank names and shapes them.</param>
/// <param name="BaseModel">The backbone the file names (<c>base_model_name_or_path</c>, AdapterHub's <c>model_name</c>).</param>
/// <param name="Dims">The backbone dims it was made for, when the folder records them (peftu files do).</param>
/// <param name="Notes">Facts a user should know (e.g. P-tuning from peft serves as fixed virtual tokens).</param>
public sealed record PortableModule(
    string Source,
    ModuleFormat Format,
    string MethodId,
    IReadOnlyDictionary<string, string> Options,
    IReadOnlyDictionary<string, Tensor> Tensors,
    string? BaseModel,
    BackboneDims? Dims,
    IReadOnlyList<string> Notes) : IDisposable
{
    public long Parameters => Tensors.Values.Sum(t => t.numel());

    public void Dispose()
    {
        foreach (var tensor in Tensors.Values)
            tensor.Dispose();
    }
}
