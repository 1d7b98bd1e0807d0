namespace PeftU.Abstractions;

/// <summary>Declares one trainable tensor of a method, per user, so the generator derives <c>TrainableParameters</c>
/// (the analytic count plans, budgets and reports use) and a formula for reports. Repeat it per tensor.</summary>
/// <remarks>
/// <c>Shape</c>: comma-separated factors, each an integer literal, a backbone dim (DModel, DKv, NumHeads, Inner, DFf,
/// VocabSize, NumLayers, NumDecoderLayers), <c>In</c>/<c>Out</c> (the site's InFeatures/OutFeatures, with <c>Sites</c>),
/// or a member of the class: an integral property or field, or a method taking <c>BackboneDims</c>.<br/>
/// <c>Sites</c>: a method taking <c>BackboneDims</c> and returning the sites this tensor exists at (once per site);
/// without it the tensor exists once.<br/>
/// <c>When</c> / <c>Unless</c>: a bool property of the class; the tensor exists only when it is true / false.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TrainableAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    public string Shape { get; set; } = "";

    public string? Sites { get; set; }

    public string? When { get; set; }

    public string? Unless { get; set; }
}
