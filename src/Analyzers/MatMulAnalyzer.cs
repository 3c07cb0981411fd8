// TD0003: MatMul of shapes whose inner dimensions (or batch dimensions) do not fit.
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Shapes;
using TensorDsl.Shared;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.Analyzers;

/// <summary>Matrix products of incompatible shapes (TD0003), on the operand that does not fit.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MatMulAnalyzer : ShapeRuleAnalyzer
{
    public MatMulAnalyzer() : base(Descriptors.MatMul) { }

    private protected override bool Reports(OpKind kind, ShapeErrorKind error) =>
        kind == OpKind.MatMul && error == ShapeErrorKind.MatMul;
}
