using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PeftU.Generators
{
    /// <summary>Flags the TorchSharp calls that hand libtorch a <c>Scalar</c> nothing keeps alive: an implicit conversion
    /// of a number to <c>Scalar</c> (<c>x.ge(0)</c>, <c>x.fill_(2f)</c>), and the tensor additions whose alpha 1 TorchSharp
    /// converts itself (<c>a + b</c>, <c>a.add(b)</c>, <c>a.add_(b)</c>). A garbage collection on another thread can
    /// finalize such a Scalar during the native call (docs/architecture.md §4, Scalars); <c>TorchScalars.Of</c>, <c>Plus</c>
    /// and <c>PlusInPlace</c> are the rooted forms. Operators whose number is not converted to a Scalar at the call site
    /// (<c>x * 0.5</c>, <c>x ^ 5L</c>) are not flagged: a number made a tensor is kept by the current dispose scope.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ScalarLifetimeAnalyzer : DiagnosticAnalyzer
    {
        private const string ScalarType = "TorchSharp.Scalar";
        private const string TensorType = "TorchSharp.torch.Tensor";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
            ImmutableArray.Create(Diagnostics.TemporaryScalar, Diagnostics.TemporaryAlpha);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(Conversion, OperationKind.Conversion);
            context.RegisterOperationAction(Binary, OperationKind.Binary);
            context.RegisterOperationAction(Invocation, OperationKind.Invocation);
        }

        private static void Conversion(OperationAnalysisContext context)
        {
            var conversion = (IConversionOperation)context.Operation;
            if (conversion.IsImplicit && conversion.Conversion.IsUserDefined && Is(conversion.Type, ScalarType))
                context.ReportDiagnostic(Diagnostic.Create(Diagnostics.TemporaryScalar, conversion.Syntax.GetLocation(),
                    conversion.Operand.Syntax.ToString()));
        }

        private static void Binary(OperationAnalysisContext context)
        {
            var binary = (IBinaryOperation)context.Operation;
            if (binary.OperatorKind == BinaryOperatorKind.Add && binary.OperatorMethod is { } method
                && Is(method.ContainingType, TensorType) && method.Parameters.Length == 2
                && Is(method.Parameters[0].Type, TensorType) && Is(method.Parameters[1].Type, TensorType))
                context.ReportDiagnostic(Diagnostic.Create(Diagnostics.TemporaryAlpha, binary.Syntax.GetLocation(),
                    binary.Syntax.ToString(), "Plus"));
        }

        private static void Invocation(OperationAnalysisContext context)
        {
            var method = ((IInvocationOperation)context.Operation).TargetMethod;
            if ((method.Name == "add" || method.Name == "add_") && Is(method.ContainingType, TensorType)
                && method.Parameters.Length == 1 && Is(method.Parameters[0].Type, TensorType))
                context.ReportDiagnostic(Diagnostic.Create(Diagnostics.TemporaryAlpha, context.Operation.Syntax.GetLocation(),
                    context.Operation.Syntax.ToString(), method.Name == "add" ? "Plus" : "PlusInPlace"));
        }

        private static bool Is(ITypeSymbol? type, string name) => type?.ToDisplayString() == name;
    }
}
