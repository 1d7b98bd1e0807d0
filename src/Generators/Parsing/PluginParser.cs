using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PeftU.Generators.Model;

namespace PeftU.Generators.Parsing
{
    /// <summary>Turns one [PeftMethod]/[PeftTask] class into a <see cref="PluginModel"/> plus diagnostics.</summary>
    internal static class PluginParser
    {
        public const string AbstractionsNamespace = "PeftU.Abstractions";
        private const string OptionAttribute = AbstractionsNamespace + ".PeftOptionAttribute";
        private const string KnobAttribute = AbstractionsNamespace + ".BudgetKnobAttribute";

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, PluginKindInfo kind, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (ClassDeclarationSyntax)context.TargetNode;
            LocationInfo? classLocation = LocationInfo.From(syntax.Identifier.GetLocation());
            AttributeData attribute = context.Attributes[0];

            void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] args) =>
                diagnostics.Add(new DiagnosticInfo(descriptor.Id, location, args.ToEquatableArray()));

            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                Report(Diagnostics.NotPartial, classLocation, type.Name);
            if (type.ContainingType is not null || type.IsGenericType || type.IsAbstract || type.IsStatic)
                Report(Diagnostics.UnsupportedClassShape, classLocation, type.Name);
            if (!type.AllInterfaces.Any(i => i.ToDisplayString() == kind.InterfaceName))
                Report(Diagnostics.MissingInterface, classLocation, type.Name, kind.AttributeShortName, kind.InterfaceName);
            if (!type.IsAbstract && !type.IsStatic && !type.InstanceConstructors.Any(c => c.Parameters.Length == 0 &&
                    c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal))
                Report(Diagnostics.NoParameterlessConstructor, classLocation, type.Name);

            string id = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string ?? "" : "";
            if (!Naming.IsValidId(id))
                Report(Diagnostics.InvalidId, LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation()), id);

            var options = new List<OptionModel>();
            var propertyByName = new Dictionary<string, string>();
            string? knob = null;
            foreach (IPropertySymbol property in OptionProperties(type))
            {
                cancellationToken.ThrowIfCancellationRequested();
                OptionModel? option = ParseOption(property, Report, cancellationToken);
                if (option is null)
                    continue;
                LocationInfo? location = LocationInfo.From(property.Locations.FirstOrDefault());
                if (propertyByName.TryGetValue(option.Name, out string? first))
                {
                    Report(Diagnostics.DuplicateOption, location, option.Name, property.Name, first);
                    continue;
                }
                propertyByName[option.Name] = property.Name;
                if (option.IsBudgetKnob)
                {
                    if (knob is not null)
                        Report(Diagnostics.MultipleBudgetKnobs, location, id, knob, property.Name);
                    knob ??= property.Name;
                }
                options.Add(option);
            }

            var trainables = TrainableParser.Parse(type, Report);

            PluginModel? model = diagnostics.Count > 0 ? null : new PluginModel(
                kind.Kind,
                id,
                Named(attribute, "Display") ?? id,
                Named(attribute, "Paper") ?? "",
                Named(attribute, "Description") ?? Summary(type, cancellationToken),
                type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
                classLocation,
                options.ToEquatableArray(),
                trainables.ToEquatableArray());
            return new ParseResult(model, diagnostics.ToEquatableArray());
        }

        /// <summary>Properties carrying [PeftOption] or [BudgetKnob], in source order (the order users see).</summary>
        private static IEnumerable<IPropertySymbol> OptionProperties(INamedTypeSymbol type) =>
            type.GetMembers().OfType<IPropertySymbol>()
                .Where(p => p.GetAttributes().Any(a => IsAttribute(a, OptionAttribute) || IsAttribute(a, KnobAttribute)))
                .OrderBy(p => p.Locations.FirstOrDefault()?.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(p => p.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0);

        private static OptionModel? ParseOption(IPropertySymbol property, Action<DiagnosticDescriptor, LocationInfo?, string[]> report, CancellationToken cancellationToken)
        {
            LocationInfo? location = LocationInfo.From(property.Locations.FirstOrDefault());
            AttributeData? attribute = property.GetAttributes().FirstOrDefault(a => IsAttribute(a, OptionAttribute));
            bool isKnob = property.GetAttributes().Any(a => IsAttribute(a, KnobAttribute));
            string typeDisplay = property.Type.ToDisplayString();

            if (attribute is null)
            {
                report(Diagnostics.BudgetKnobNotInteger, location, new[] { property.Name });
                return null;
            }
            if (!property.IsPartialDefinition || property.SetMethod is not null || property.GetMethod is null || property.IsStatic)
            {
                report(Diagnostics.NotPartialProperty, location, new[] { property.Name });
                return null;
            }

            OptionKindInfo? kind = OptionKindInfo.Of(property.Type);
            if (kind is null)
            {
                report(Diagnostics.UnsupportedOptionType, location, new[] { property.Name, typeDisplay });
                return null;
            }
            if (isKnob && kind.OptionType != "Int32")
            {
                report(Diagnostics.BudgetKnobNotInteger, location, new[] { property.Name });
                return null;
            }

            string name = Named(attribute, "Name") ?? Naming.SnakeCase(property.Name);
            TypedConstant? min = NamedConstant(attribute, "Min");
            TypedConstant? max = NamedConstant(attribute, "Max");
            TypedConstant? oneOf = NamedConstant(attribute, "OneOf");
            if ((min is not null || max is not null) && !kind.IsNumeric)
            {
                report(Diagnostics.ConstraintNotApplicable, location, new[] { min is not null ? "Min" : "Max", name, typeDisplay });
                return null;
            }
            if (oneOf is not null && !kind.IsText)
            {
                report(Diagnostics.ConstraintNotApplicable, location, new[] { "OneOf", name, typeDisplay });
                return null;
            }
            ImmutableArray<string> allowed = ImmutableArray<string>.Empty;
            if (oneOf is { } oneOfValue)
            {
                if (oneOfValue.Kind != TypedConstantKind.Array || oneOfValue.Values.Any(v => v.Value is not string))
                {
                    report(Diagnostics.ConstraintNotApplicable, location, new[] { "OneOf (must be a string array)", name, typeDisplay });
                    return null;
                }
                allowed = oneOfValue.Values.Select(v => (string)v.Value!).ToImmutableArray();
            }
            ImmutableArray<string> enumMembers = ImmutableArray<string>.Empty;
            if (kind.EnumType is { } enumType)
            {
                enumMembers = enumType.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).Select(f => f.Name).ToImmutableArray();
                allowed = enumMembers.Select(Naming.KebabCase).ToImmutableArray();
            }

            TypedConstant? defaultValue = NamedConstant(attribute, "Default");
            if (defaultValue is null || defaultValue.Value.IsNull && defaultValue.Value.Kind != TypedConstantKind.Array)
            {
                report(Diagnostics.MissingDefault, location, new[] { property.Name });
                return null;
            }
            DefaultValue? parsed = DefaultValue.From(defaultValue.Value, kind);
            if (parsed is null)
            {
                report(Diagnostics.DefaultTypeMismatch, location, new[] { name, Describe(defaultValue.Value), typeDisplay });
                return null;
            }

            double? minValue = min is { } m ? Convert.ToDouble(m.Value, CultureInfo.InvariantCulture) : (double?)null;
            double? maxValue = max is { } x ? Convert.ToDouble(x.Value, CultureInfo.InvariantCulture) : (double?)null;
            string? violation = parsed.Violation(minValue, maxValue, allowed, kind);
            if (violation is not null)
            {
                report(Diagnostics.DefaultViolatesConstraint, location, new[] { parsed.Text, name, violation });
                return null;
            }

            return new OptionModel(
                name,
                property.Name,
                SyntaxFacts.GetText(property.DeclaredAccessibility),
                kind.OptionType,
                kind.DisplayName,
                property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                parsed.Expression,
                parsed.Text,
                minValue is { } a ? Literal(a) : null,
                maxValue is { } b ? Literal(b) : null,
                allowed.ToEquatableArray(),
                Named(attribute, "Description") ?? Summary(property, cancellationToken),
                isKnob,
                enumMembers.ToEquatableArray());
        }

        public static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "d";

        private static string Describe(TypedConstant constant) => constant.Kind switch
        {
            TypedConstantKind.Array => "an array of " + ((IArrayTypeSymbol)constant.Type!).ElementType.ToDisplayString(),
            _ when constant.Type is not null => $"'{constant.ToCSharpString()}' ({constant.Type.ToDisplayString()})",
            _ => "'" + constant.ToCSharpString() + "'",
        };

        private static bool IsAttribute(AttributeData attribute, string fullName) =>
            attribute.AttributeClass?.ToDisplayString() == fullName;

        private static TypedConstant? NamedConstant(AttributeData attribute, string name)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                if (argument.Key == name)
                    return argument.Value;
            }
            return null;
        }

        private static string? Named(AttributeData attribute, string name) => NamedConstant(attribute, name)?.Value as string;

        /// <summary>The XML doc summary as one line, or empty.</summary>
        private static string Summary(ISymbol symbol, CancellationToken cancellationToken)
        {
            string? xml = symbol.GetDocumentationCommentXml(cancellationToken: cancellationToken);
            if (string.IsNullOrWhiteSpace(xml))
                return "";
            try
            {
                XElement? summary = XDocument.Parse(xml).Descendants("summary").FirstOrDefault();
                return summary is null ? "" : string.Join(" ", summary.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            }
            catch (System.Xml.XmlException)
            {
                return "";
            }
        }
    }
}
