// TD0201: `a == b` between two tensors. C# resolves it to reference equality (Tensor defines no
// == operator, so that the type keeps its usual identity semantics), which PyTorch users read as
// the element-wise comparison. Comparisons with null are what == is for, and are left alone.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Shared;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.Analyzers;

/// <summary>Warns on <c>==</c>/<c>!=</c> between two tensors (TD0201); the code fix writes <c>Eq</c>/<c>Ne</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TensorEqualityAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TensorReferenceEquality);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(Analyze, OperationKind.Binary);
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals) || binary.OperatorMethod is not null) return;
        if (!IsTensor(binary.LeftOperand) || !IsTensor(binary.RightOperand)) return;
        bool equals = binary.OperatorKind == BinaryOperatorKind.Equals;
        string method = equals ? "Eq" : "Ne";
        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Method, method);
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.TensorReferenceEquality, binary.Syntax.GetLocation(), properties,
            equals ? "==" : "!=", $"a.{method}(b)"));
    }

    // A tensor-typed operand that is not the null literal (t == null is a reference test on purpose).
    private static bool IsTensor(IOperation operand)
    {
        if (operand.ConstantValue is { HasValue: true, Value: null }) return false;
        var inner = operand is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : operand;
        if (inner.ConstantValue is { HasValue: true, Value: null } || inner.Type is null) return false;
        return TensorApi.IsTensor(inner.Type);
    }
}
