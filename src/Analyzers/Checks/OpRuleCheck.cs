// TD0001–TD0005: a tensor op whose operands' shapes are known and break its shape rule, reported
// with PyTorch's message, once, with the id of the rule that failed; and a View whose sizes fit
// but whose input's strides allow no view (TD0002).
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using TensorDsl.Analyzers.Inference;
using TensorDsl.Ops;
using TensorDsl.Shapes;
using TensorDsl.Shared;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.Analyzers.Checks;

/// <summary>Failed shape rules of tensor ops, on the offending argument.</summary>
internal sealed class OpRuleCheck : ShapeCheck
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.Cat, Descriptors.View, Descriptors.MatMul,
        Descriptors.Broadcast, Descriptors.DimOutOfRange);

    private static readonly ImmutableDictionary<string, string?> UseReshape =
        ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.UseReshape, "true");

    public override void Analyze(IOperation operation, Func<ShapeInference> inference, Action<Diagnostic> report)
    {
        if (TensorApi.Read(operation) is not { } call) return;
        var engine = inference();
        var result = engine.Evaluate(call);
        if (result is { IsOk: true })
        {
            // A View of sizes that fit, over strides that allow no view (after T, Transpose, Permute, …);
            // Reshape copies instead, as PyTorch's message says. On the whole call: no one argument is at fault.
            if (engine.IsViewForbiddenByStrides(call))
                report(Diagnostic.Create(Descriptors.View, call.Operation.Syntax.GetLocation(), UseReshape, ShapeRules.ViewStrideMessage));
            return;
        }
        if (result is not { } error) return;
        var descriptor = OpShapes.Reported(OpTable.Row(call.Kind).Shape, error.Kind) switch
        {
            ShapeErrorKind.Cat => Descriptors.Cat,
            ShapeErrorKind.View => Descriptors.View,
            ShapeErrorKind.MatMul => Descriptors.MatMul,
            ShapeErrorKind.Broadcast => Descriptors.Broadcast,
            ShapeErrorKind.Dim => Descriptors.DimOutOfRange,
            _ => null,
        };
        if (descriptor is null) return;
        report(Diagnostic.Create(descriptor, ErrorLocations.Of(call, error).GetLocation(), Repair(call, error, engine), error.Message));
    }

    // What a code fix needs to repair the call (see DiagnosticProperties); null for nothing.
    private static ImmutableDictionary<string, string?>? Repair(TensorCall call, ShapeResult error, ShapeInference inference)
    {
        if (call.Kind == OpKind.Cat && error.Kind == ShapeErrorKind.Cat)
        {
            // A cat that is valid along exactly one other dim: the code fix moves it there.
            var shapes = new List<IReadOnlyList<int>>();
            foreach (var s in inference.OperandShapes(call))
            {
                if (s is null) return null;
                shapes.Add(s);
            }
            return ShapeRules.CatRepairDim(shapes, TensorApi.ConstantInt(call.Argument("dim")) ?? 0) is int d ? Property(DiagnosticProperties.Dim, d) : null;
        }
        if (error.Kind == ShapeErrorKind.View)
        {
            // The size that makes the view valid at the reported position (-1 would then infer it too).
            var operands = inference.OperandShapes(call);
            if (operands.Length != 1 || operands[0] is not { } shape || TensorApi.ConstantInts(call.Argument("shape")) is not { } sizes) return null;
            return ShapeRules.ViewRepair(ShapeRules.Numel(shape), sizes, error.Argument) is int size ? Property(DiagnosticProperties.Size, size) : null;
        }
        return null;
    }

    private static ImmutableDictionary<string, string?> Property(string key, int value) =>
        ImmutableDictionary<string, string?>.Empty.Add(key, value.ToString(CultureInfo.InvariantCulture));
}
