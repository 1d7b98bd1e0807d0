using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PeftU.Generators
{
    /// <summary>Every diagnostic the generator reports. IDs are stable: tests and users refer to them.</summary>
    public static class Diagnostics
    {
        private const string Category = "PeftU.Plugins";

        public static readonly DiagnosticDescriptor NotPartial = Error("PEFTU001",
            "Plugin class must be partial",
            "Plugin class '{0}' must be declared partial so the generator can add its metadata and options");

        public static readonly DiagnosticDescriptor DuplicateOption = Error("PEFTU002",
            "Duplicate option name",
            "Option '{0}' on property '{1}' duplicates the option of property '{2}'; give one of them a different Name");

        public static readonly DiagnosticDescriptor UnsupportedOptionType = Error("PEFTU003",
            "Unsupported option type",
            "Option property '{0}' has type '{1}'; supported: int, long, double, bool, string, string[] and enums");

        public static readonly DiagnosticDescriptor MissingDefault = Error("PEFTU004",
            "Option has no default",
            "Option property '{0}' needs a Default so that every experiment has a complete, reportable configuration");

        public static readonly DiagnosticDescriptor NotPartialProperty = Error("PEFTU005",
            "Option must be a get-only partial property declaration",
            "Option property '{0}' must be declared 'partial' with only a 'get;' accessor and no body; the generator implements it");

        public static readonly DiagnosticDescriptor DefaultTypeMismatch = Error("PEFTU006",
            "Default does not match the option's type",
            "Default of option '{0}' is {1}, but the property's type is '{2}'");

        public static readonly DiagnosticDescriptor MissingInterface = Error("PEFTU007",
            "Plugin class does not implement its interface",
            "Class '{0}' has [{1}] but does not implement '{2}'");

        public static readonly DiagnosticDescriptor InvalidId = Error("PEFTU008",
            "Invalid plugin id",
            "Plugin id '{0}' is invalid: use lower-case letters and digits separated by '-' or '_', starting with a letter");

        public static readonly DiagnosticDescriptor BudgetKnobNotInteger = Error("PEFTU009",
            "Budget knob must be an int option",
            "[BudgetKnob] on '{0}' needs an int [PeftOption] property; the budget solver moves integer sizes only");

        public static readonly DiagnosticDescriptor DefaultViolatesConstraint = Error("PEFTU010",
            "Default violates the option's constraint",
            "Default '{0}' of option '{1}' is not allowed ({2})");

        public static readonly DiagnosticDescriptor UnsupportedClassShape = Error("PEFTU011",
            "Plugin class must not be nested, generic or abstract",
            "Plugin class '{0}' must be a top-level, non-generic, non-abstract class");

        public static readonly DiagnosticDescriptor NoParameterlessConstructor = Error("PEFTU012",
            "Plugin class needs a parameterless constructor",
            "Plugin class '{0}' needs a public or internal parameterless constructor; the host creates instances through the generated registry");

        public static readonly DiagnosticDescriptor ConstraintNotApplicable = Error("PEFTU013",
            "Constraint does not apply to the option's type",
            "{0} on option '{1}' does not apply to type '{2}'");

        public static readonly DiagnosticDescriptor MultipleBudgetKnobs = Error("PEFTU014",
            "More than one budget knob",
            "Plugin '{0}' marks both '{1}' and '{2}' as [BudgetKnob]; the budget solver moves exactly one size");

        public static readonly DiagnosticDescriptor DuplicatePluginId = Error("PEFTU015",
            "Two plugins in one assembly share an id",
            "Plugin id '{0}' of '{1}' is already used by '{2}'");

        public static readonly DiagnosticDescriptor UnknownShapeFactor = Error("PEFTU016",
            "Unknown factor in a [Trainable] shape",
            "Shape factor '{0}' of trainable '{1}' is not an integer, a backbone dim ({2}), In/Out with Sites, or an integral property, field or method(BackboneDims) of the class");

        public static readonly DiagnosticDescriptor InvalidSites = Error("PEFTU017",
            "[Trainable] Sites must name a sites method",
            "Sites '{0}' of trainable '{1}' must name a method of the class taking BackboneDims and returning an IEnumerable of sites");

        public static readonly DiagnosticDescriptor InvalidCondition = Error("PEFTU018",
            "[Trainable] When/Unless must name a bool property",
            "{0} '{1}' of trainable '{2}' must name a bool property of the class");

        public static readonly DiagnosticDescriptor TemporaryScalar = new DiagnosticDescriptor("PEFTU019",
            "A number becomes a temporary TorchSharp Scalar",
            "'{0}' becomes a Scalar that nothing keeps alive during the native call; pass TorchScalars.Of(...) (docs/architecture.md §4)",
            "PeftU.Torch", DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor TemporaryAlpha = new DiagnosticDescriptor("PEFTU020",
            "A tensor addition makes a temporary alpha Scalar",
            "'{0}' makes its alpha 1 a Scalar that nothing keeps alive during the native call; use {1} (docs/architecture.md §4)",
            "PeftU.Torch", DiagnosticSeverity.Error, isEnabledByDefault: true);

        private static readonly Dictionary<string, DiagnosticDescriptor> All = new[]
        {
            NotPartial, DuplicateOption, UnsupportedOptionType, MissingDefault, NotPartialProperty, DefaultTypeMismatch,
            MissingInterface, InvalidId, BudgetKnobNotInteger, DefaultViolatesConstraint, UnsupportedClassShape,
            NoParameterlessConstructor, ConstraintNotApplicable, MultipleBudgetKnobs, DuplicatePluginId,
            UnknownShapeFactor, InvalidSites, InvalidCondition, TemporaryScalar, TemporaryAlpha,
        }.ToDictionary(d => d.Id);

        public static DiagnosticDescriptor ById(string id) => All[id];

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    }
}
