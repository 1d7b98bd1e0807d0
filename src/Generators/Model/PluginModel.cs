namespace PeftU.Generators.Model
{
    /// <summary>One plugin class: everything the emitters need, nothing that holds on to a compilation.</summary>
    internal sealed record PluginModel(
        string Kind,
        string Id,
        string Display,
        string Paper,
        string Description,
        string Namespace,
        string ClassName,
        string Accessibility,
        LocationInfo? Location,
        EquatableArray<OptionModel> Options,
        EquatableArray<TrainableModel> Trainables)
    {
        public string FullName => Namespace.Length == 0 ? ClassName : Namespace + "." + ClassName;

        public string GlobalName => "global::" + FullName;

        /// <summary>Hint name of the generated file; unique per class.</summary>
        public string HintName => FullName.Replace('.', '_') + ".PeftU.g.cs";
    }

    /// <summary>What parsing one attributed class yields: a model (when usable) and its diagnostics.</summary>
    internal sealed record ParseResult(PluginModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
}
