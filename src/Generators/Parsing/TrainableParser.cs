using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using PeftU.Generators.Model;

namespace PeftU.Generators.Parsing
{
    /// <summary>Resolves the [Trainable] declarations of a method class into C# expressions the emitter sums.</summary>
    internal static class TrainableParser
    {
        private const string TrainableAttribute = PluginParser.AbstractionsNamespace + ".TrainableAttribute";
        private const string DimsType = PluginParser.AbstractionsNamespace + ".Backbone.BackboneDims";

        /// <summary>Backbone dims a shape may name (BackboneDims property names).</summary>
        public static readonly string[] Dims = { "DModel", "DKv", "NumHeads", "Inner", "DFf", "VocabSize", "NumLayers", "NumDecoderLayers" };

        public static List<TrainableModel> Parse(INamedTypeSymbol type, Action<DiagnosticDescriptor, LocationInfo?, string[]> report)
        {
            var result = new List<TrainableModel>();
            foreach (AttributeData attribute in type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == TrainableAttribute))
            {
                LocationInfo? location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation());
                string name = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string ?? "" : "";
                string shape = Named(attribute, "Shape") ?? "";
                string? sites = Named(attribute, "Sites");
                bool ok = true;

                if (sites is not null && !IsSitesMethod(type, sites))
                {
                    report(Diagnostics.InvalidSites, location, new[] { sites, name });
                    ok = false;
                }

                string? condition = null;
                foreach (var (key, negate) in new[] { ("When", false), ("Unless", true) })
                {
                    string? member = Named(attribute, key);
                    if (member is null)
                        continue;
                    if (!Members(type, member).OfType<IPropertySymbol>().Any(p => p.Type.SpecialType == SpecialType.System_Boolean))
                    {
                        report(Diagnostics.InvalidCondition, location, new[] { key, member, name });
                        ok = false;
                        continue;
                    }
                    string test = (negate ? "!this." : "this.") + member;
                    condition = condition is null ? test : condition + " && " + test;
                }

                var factors = new List<string>();
                foreach (string raw in shape.Split(','))
                {
                    string factor = raw.Trim();
                    string? expression = Factor(type, factor, sites is not null);
                    if (expression is null)
                    {
                        report(Diagnostics.UnknownShapeFactor, location, new[] { factor, name, string.Join(", ", Dims) });
                        ok = false;
                        continue;
                    }
                    factors.Add(expression);
                }
                if (ok)
                    result.Add(new TrainableModel(name, factors.ToEquatableArray(), sites, condition, Formula(name, shape, sites, attribute)));
            }
            return result;
        }

        private static string? Factor(INamedTypeSymbol type, string factor, bool hasSites)
        {
            if (factor.Length == 0)
                return null;
            if (long.TryParse(factor, NumberStyles.None, CultureInfo.InvariantCulture, out long literal))
                return literal.ToString(CultureInfo.InvariantCulture) + "L";
            if (Dims.Contains(factor))
                return "dims." + factor;
            if (hasSites && factor == "In")
                return "site.InFeatures";
            if (hasSites && factor == "Out")
                return "site.OutFeatures";
            foreach (ISymbol member in Members(type, factor))
            {
                if (member is IPropertySymbol { IsStatic: false } p && IsIntegral(p.Type) ||
                    member is IFieldSymbol { IsStatic: false } f && IsIntegral(f.Type))
                    return "this." + factor;
                if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 1 } m && IsIntegral(m.ReturnType) &&
                    m.Parameters[0].Type.ToDisplayString() == DimsType)
                    return "this." + factor + "(dims)";
            }
            return null;
        }

        private static bool IsSitesMethod(INamedTypeSymbol type, string name) =>
            Members(type, name).OfType<IMethodSymbol>().Any(m => !m.IsStatic && m.Parameters.Length == 1 &&
                m.Parameters[0].Type.ToDisplayString() == DimsType &&
                m.ReturnType.AllInterfaces.Concat(m.ReturnType is INamedTypeSymbol n ? new[] { n } : Array.Empty<INamedTypeSymbol>())
                    .Any(i => i.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IEnumerable<T>"));

        /// <summary>Members by name on the class and its base classes (methods often share a base).</summary>
        private static IEnumerable<ISymbol> Members(INamedTypeSymbol type, string name)
        {
            for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                foreach (ISymbol member in current.GetMembers(name))
                    yield return member;
            }
        }

        private static bool IsIntegral(ITypeSymbol type) =>
            type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16 or SpecialType.System_Byte;

        private static string Formula(string name, string shape, string? sites, AttributeData attribute)
        {
            string product = string.Join(" × ", shape.Split(',').Select(f => f.Trim()));
            string formula = sites is null ? $"{name}: {product}" : $"{name}: Σ {sites} {product}";
            if (Named(attribute, "When") is { } when)
                formula += $" (if {when})";
            if (Named(attribute, "Unless") is { } unless)
                formula += $" (unless {unless})";
            return formula;
        }

        private static string? Named(AttributeData attribute, string name)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                if (argument.Key == name)
                    return argument.Value.Value as string;
            }
            return null;
        }
    }
}
