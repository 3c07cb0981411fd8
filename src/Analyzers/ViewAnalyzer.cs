// TD0002: View/Reshape to sizes that do not fit the element count, or with several -1; a View
// that the input's strides do not allow.
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Analyzers.Inference;
using TensorDsl.Shapes;
using TensorDsl.Shared;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.Analyzers;

/// <summary>Invalid view or reshape sizes (TD0002), on the size to change.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ViewAnalyzer : ShapeRuleAnalyzer
{
    public ViewAnalyzer() : base(Descriptors.View) { }

    private protected override bool Reports(OpKind kind, ShapeErrorKind error) =>
        kind is OpKind.View or OpKind.Reshape && error == ShapeErrorKind.View;

    private static readonly ImmutableDictionary<string, string?> UseReshape =
        ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.UseReshape, "true");

    // A View of sizes that fit, over strides that allow no view (after T, Transpose, Permute, …);
    // Reshape copies instead, as PyTorch's message says.
    private protected override (string Message, ImmutableDictionary<string, string?>? FixProperties)? LayoutError(TensorCall call, ShapeInference inference) =>
        inference.IsViewForbiddenByStrides(call) ? (ShapeRules.ViewStrideMessage, UseReshape) : null;

    private protected override ImmutableDictionary<string, string?>? FixProperties(TensorCall call, ShapeResult error, ShapeInference inference)
    {
        // The size that makes the view valid at the reported position (-1 would then infer it too).
        var operands = inference.OperandShapes(call);
        if (operands.Length != 1 || operands[0] is not { } shape || TensorApi.ConstantInts(call.Argument("shape")) is not { } sizes) return null;
        return ShapeRules.ViewRepair(ShapeRules.Numel(shape), sizes, error.Argument) is int size
            ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Size, size.ToString(CultureInfo.InvariantCulture))
            : null;
    }
}
