// TD0001: Torch.Cat/Torch.Stack of tensors whose sizes or ranks do not fit together.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TensorDsl.Analyzers.Inference;
using TensorDsl.Shapes;
using TensorDsl.Shared;
using TensorDsl.Shared.Diagnostics;

namespace TensorDsl.Analyzers;

/// <summary>Cat and stack of incompatible shapes (TD0001), on the first tensor that does not fit.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CatAnalyzer : ShapeRuleAnalyzer
{
    public CatAnalyzer() : base(Descriptors.Cat) { }

    private protected override bool Reports(OpKind kind, ShapeErrorKind error) =>
        kind is OpKind.Cat or OpKind.Stack && error == ShapeErrorKind.Cat;

    private protected override ImmutableDictionary<string, string?>? FixProperties(TensorCall call, ShapeResult error, ShapeInference inference)
    {
        // A cat that is valid along exactly one other dim: the code fix moves it there.
        if (call.Kind != OpKind.Cat) return null;
        var shapes = new List<IReadOnlyList<int>>();
        foreach (var s in inference.OperandShapes(call))
        {
            if (s is null) return null;
            shapes.Add(s);
        }
        var repair = ShapeRules.CatRepairDim(shapes, TensorApi.ConstantInt(call.Argument("dim")) ?? 0);
        return repair is int d
            ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Dim, d.ToString(CultureInfo.InvariantCulture))
            : null;
    }
}
