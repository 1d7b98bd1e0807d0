using Microsoft.CodeAnalysis;

namespace PeftU.Generators.Parsing
{
    /// <summary>How a supported C# property type maps onto an option kind.</summary>
    internal sealed class OptionKindInfo
    {
        private OptionKindInfo(string optionType, string displayName, string binderMethod, INamedTypeSymbol? enumType = null)
        {
            OptionType = optionType;
            DisplayName = displayName;
            BinderMethod = binderMethod;
            EnumType = enumType;
        }

        /// <summary>Member name of PeftU.Abstractions.OptionType.</summary>
        public string OptionType { get; }

        public string DisplayName { get; }

        /// <summary>The OptionBinder method that converts and validates this kind.</summary>
        public string BinderMethod { get; }

        public INamedTypeSymbol? EnumType { get; }

        public bool IsNumeric => OptionType is "Int32" or "Int64" or "Double";

        public bool IsText => OptionType is "String" or "StringList";

        public static OptionKindInfo? Of(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_Int32: return new OptionKindInfo("Int32", "int", "Int32");
                case SpecialType.System_Int64: return new OptionKindInfo("Int64", "long", "Int64");
                case SpecialType.System_Double: return new OptionKindInfo("Double", "double", "Double");
                case SpecialType.System_Boolean: return new OptionKindInfo("Boolean", "bool", "Boolean");
                case SpecialType.System_String when type.NullableAnnotation != NullableAnnotation.Annotated:
                    return new OptionKindInfo("String", "string", "String");
            }
            if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_String } array
                && type.NullableAnnotation != NullableAnnotation.Annotated
                && array.ElementType.NullableAnnotation != NullableAnnotation.Annotated)
                return new OptionKindInfo("StringList", "string[]", "StringList");
            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
                return new OptionKindInfo("Enum", enumType.Name, "Enum", enumType);
            return null;
        }
    }
}
