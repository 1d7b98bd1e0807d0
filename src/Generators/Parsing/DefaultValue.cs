using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PeftU.Generators.Parsing
{
    /// <summary>An option's declared default as a C# expression and canonical text, checked against the option's type.</summary>
    internal sealed class DefaultValue
    {
        private readonly object? _number;
        private readonly ImmutableArray<string> _items;

        private DefaultValue(string expression, string text, object? number, ImmutableArray<string> items)
        {
            Expression = expression;
            Text = text;
            _number = number;
            _items = items;
        }

        public string Expression { get; }

        public string Text { get; }

        /// <summary>Null when the value fits its type; else the reason, in terms of the declared constraint.</summary>
        public string? Violation(double? min, double? max, ImmutableArray<string> allowed, OptionKindInfo kind)
        {
            if (_number is not null)
            {
                double value = Convert.ToDouble(_number, CultureInfo.InvariantCulture);
                if (min is { } lo && value < lo)
                    return ">= " + lo.ToString("R", CultureInfo.InvariantCulture);
                if (max is { } hi && value > hi)
                    return "<= " + hi.ToString("R", CultureInfo.InvariantCulture);
            }
            if (kind.IsText && allowed.Length > 0 && _items.Any(i => !allowed.Contains(i)))
                return "one of " + string.Join(", ", allowed);
            return null;
        }

        public static DefaultValue? From(TypedConstant constant, OptionKindInfo kind)
        {
            object? value = constant.Kind == TypedConstantKind.Array ? null : constant.Value;
            switch (kind.OptionType)
            {
                case "Int32" when value is int i:
                    return Number(i.ToString(CultureInfo.InvariantCulture), i);
                case "Int64" when value is int or long:
                    long l = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                    return Number(l.ToString(CultureInfo.InvariantCulture) + "L", l);
                case "Double" when value is double or float or int or long:
                    double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    return Number(PluginParser.Literal(d), d);
                case "Boolean" when value is bool b:
                    return new DefaultValue(b ? "true" : "false", b ? "true" : "false", null, ImmutableArray<string>.Empty);
                case "String" when value is string s:
                    return new DefaultValue(SymbolDisplay.FormatLiteral(s, quote: true), s, null, ImmutableArray.Create(s));
                case "StringList" when constant.Kind == TypedConstantKind.Array && constant.Values.All(v => v.Value is string):
                    ImmutableArray<string> items = constant.Values.Select(v => (string)v.Value!).ToImmutableArray();
                    string expression = items.Length == 0
                        ? "global::System.Array.Empty<string>()"
                        : "new string[] { " + string.Join(", ", items.Select(x => SymbolDisplay.FormatLiteral(x, quote: true))) + " }";
                    return new DefaultValue(expression, string.Join(",", items), null, items);
                case "Enum" when constant.Kind == TypedConstantKind.Enum
                                 && SymbolEqualityComparer.Default.Equals(constant.Type, kind.EnumType):
                    IFieldSymbol? member = kind.EnumType!.GetMembers().OfType<IFieldSymbol>()
                        .FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, constant.Value));
                    if (member is null)
                        return null;
                    return new DefaultValue(
                        kind.EnumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + member.Name,
                        Naming.KebabCase(member.Name), null, ImmutableArray<string>.Empty);
                default:
                    return null;
            }
        }

        private static DefaultValue Number(string expression, object value) =>
            new DefaultValue(expression, Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
                value, ImmutableArray<string>.Empty);
    }
}
