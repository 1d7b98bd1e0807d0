using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PeftU.Generators
{
    /// <summary>Flags the TorchSharp calls that hand libtorch a <c>Scalar</c> nothing keeps alive (docs/architecture.md §4,
    /// Scalars): a garbage collection on another thread can finalize it during the native call.
    /// <list type="bullet">
    /// <item>PEFTU019: a number made a Scalar, at the call site (<c>x.ge(0)</c>, <c>(Scalar)2f</c>) or inside one of
    /// TorchSharp's operators that take a number (<c>x * 0.5</c>, <c>x + 1</c>, <c>x / 2</c>). Pass <c>TorchScalars.Of</c>.</item>
    /// <item>PEFTU020: an addition whose alpha 1 TorchSharp makes itself: <c>a + b</c>, <c>a += b</c>, <c>a.add(b)</c>,
    /// <c>a.add_(b)</c>, <c>torch.add(a, b)</c>, also with a Scalar <c>b</c>. Use <c>Plus</c>/<c>PlusInPlace</c> or pass
    /// <c>TorchScalars.One</c>.</item>
    /// </list>
    /// Types are resolved once per compilation; a project without TorchSharp gets no actions.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ScalarLifetimeAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
            ImmutableArray.Create(Diagnostics.TemporaryScalar, Diagnostics.TemporaryAlpha);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? scalar = start.Compilation.GetTypeByMetadataName("TorchSharp.Scalar");
                INamedTypeSymbol? tensor = start.Compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor");
                INamedTypeSymbol? torch = start.Compilation.GetTypeByMetadataName("TorchSharp.torch");
                if (scalar is null || tensor is null || torch is null)
                    return;
                var types = new TorchTypes(scalar, tensor, torch);
                start.RegisterOperationAction(c => Conversion(c, types), OperationKind.Conversion);
                start.RegisterOperationAction(c => Operator(c, types, ((IBinaryOperation)c.Operation).OperatorMethod,
                    ((IBinaryOperation)c.Operation).LeftOperand, ((IBinaryOperation)c.Operation).RightOperand), OperationKind.Binary);
                start.RegisterOperationAction(c => Operator(c, types, ((ICompoundAssignmentOperation)c.Operation).OperatorMethod,
                    ((ICompoundAssignmentOperation)c.Operation).Target, ((ICompoundAssignmentOperation)c.Operation).Value), OperationKind.CompoundAssignment);
                start.RegisterOperationAction(c => Invocation(c, types), OperationKind.Invocation);
            });
        }

        private static void Conversion(OperationAnalysisContext context, TorchTypes types)
        {
            var conversion = (IConversionOperation)context.Operation;
            if (conversion.Conversion.IsUserDefined && types.IsScalar(conversion.Type))
                context.ReportDiagnostic(Diagnostic.Create(Diagnostics.TemporaryScalar, conversion.Syntax.GetLocation(),
                    conversion.Operand.Syntax.ToString()));
        }

        private static void Operator(OperationAnalysisContext context, TorchTypes types, IMethodSymbol? method, IOperation left, IOperation right)
        {
            if (method is null || !types.IsTensor(method.ContainingType) || method.Parameters.Length != 2)
                return;
            // TorchSharp's operators that take a number make it a Scalar inside (operator *(Tensor, double) => mul(Scalar)).
            foreach (var (parameter, operand) in new[] { (method.Parameters[0], left), (method.Parameters[1], right) })
            {
                if (IsNumber(parameter.Type))
                    context.ReportDiagnostic(Diagnostic.Create(Diagnostics.TemporaryScalar, operand.Syntax.GetLocation(), operand.Syntax.ToString()));
            }
            if (method.Name == "op_Addition" && method.Parameters.All(p => types.IsTensor(p.Type) || types.IsScalar(p.Type)))
                context.ReportDiagnostic(Diagnostic.Create(Diagnostics.TemporaryAlpha, context.Operation.Syntax.GetLocation(),
                    context.Operation.Syntax.ToString(), "Plus / PlusInPlace, or add(x, TorchScalars.One)"));
        }

        private static void Invocation(OperationAnalysisContext context, TorchTypes types)
        {
            var method = ((IInvocationOperation)context.Operation).TargetMethod;
            if (method.Name != "add" && method.Name != "add_")
                return;
            // a.add(b) / a.add_(b) and torch.add(a, b): the overloads without an alpha pass TorchSharp's own 1.
            bool onTensor = types.IsTensor(method.ContainingType) && method.Parameters.Length == 1;
            bool onTorch = SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Torch) && method.Parameters.Length == 2;
            if ((onTensor || onTorch) && method.Parameters.All(p => types.IsTensor(p.Type) || types.IsScalar(p.Type)))
                context.ReportDiagnostic(Diagnostic.Create(Diagnostics.TemporaryAlpha, context.Operation.Syntax.GetLocation(),
                    context.Operation.Syntax.ToString(), method.Name == "add" ? "Plus, or add(x, TorchScalars.One)" : "PlusInPlace, or add_(x, TorchScalars.One)"));
        }

        private static bool IsNumber(ITypeSymbol type) => type.SpecialType switch
        {
            SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16
                or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Single or SpecialType.System_Double => true,
            _ => false,
        };

        private sealed class TorchTypes
        {
            private readonly INamedTypeSymbol _scalar, _tensor;

            public TorchTypes(INamedTypeSymbol scalar, INamedTypeSymbol tensor, INamedTypeSymbol torch)
            {
                _scalar = scalar;
                _tensor = tensor;
                Torch = torch;
            }

            public INamedTypeSymbol Torch { get; }

            public bool IsScalar(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, _scalar);

            public bool IsTensor(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, _tensor);
        }
    }
}
