// TD0004: + - * / (and their compound assignments) on shapes that do not broadcast.
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Shapes;
using TensorDsl.Shared;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.Analyzers;

/// <summary>Element-wise operators on shapes that do not broadcast (TD0004), on the whole expression.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BroadcastAnalyzer : ShapeRuleAnalyzer
{
    public BroadcastAnalyzer() : base(Descriptors.Broadcast) { }

    private protected override bool Reports(OpKind kind, ShapeErrorKind error) =>
        kind is OpKind.Add or OpKind.Sub or OpKind.Mul or OpKind.Div && error == ShapeErrorKind.Broadcast;
}
