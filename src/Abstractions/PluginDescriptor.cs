namespace PeftU.Abstractions;

/// <summary>Generated metadata of one plugin class.</summary>
/// <param name="Kind">Method or task.</param>
/// <param name="Id">Stable id used in YAML and on the command line.</param>
/// <param name="DisplayName">Name for reports.</param>
/// <param name="Paper">Citation, or empty.</param>
/// <param name="Description">One line, or empty.</param>
/// <param name="TypeName">Full name of the plugin class.</param>
/// <param name="Options">Options in declaration order.</param>
/// <param name="TrainableFormula">For methods with [Trainable] declarations: how their per-user count is formed.</param>
public sealed record PluginDescriptor(
    PluginKind Kind,
    string Id,
    string DisplayName,
    string Paper,
    string Description,
    string TypeName,
    IReadOnlyList<OptionDescriptor> Options,
    string TrainableFormula = "")
{
    /// <summary>The option with this YAML key, or null.</summary>
    public OptionDescriptor? FindOption(string name) => Options.FirstOrDefault(o => o.Name == name);

    /// <summary>The budget knob, or null for methods with a fixed size.</summary>
    public OptionDescriptor? BudgetKnob => Options.FirstOrDefault(o => o.IsBudgetKnob);
}
