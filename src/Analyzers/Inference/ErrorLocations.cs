// Where a failed shape rule is reported: on the offending argument (the list element, the size,
// the dim) when the rule names one, otherwise on the whole expression.
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Ops;
using TensorDsl.Shapes;
using TensorDsl.Shared;

namespace TensorDsl.Analyzers.Inference;

/// <summary>Maps <see cref="ShapeResult.Argument"/> of a failed rule to the syntax it refers to.</summary>
internal static class ErrorLocations
{
    public static SyntaxNode Of(TensorCall call, ShapeResult error)
    {
        var whole = call.Operation.Syntax;
        int i = error.Argument;
        SyntaxNode? at = OpTable.Row(call.Kind).Shape switch
        {
            // Cat and stack number the list elements; their only dim check is on the dim argument.
            ShapeRule.Cat or ShapeRule.Stack => error.Kind == ShapeErrorKind.Dim ? call.Argument("dim")?.Syntax : Operand(call, i),
            ShapeRule.View => Element(call.Argument("shape"), i),
            ShapeRule.MatMul or ShapeRule.Linear or ShapeRule.Embedding => Operand(call, i),
            ShapeRule.Permute => Element(call.Argument("dims"), i),
            ShapeRule.Transpose => Named(call, i, "dim0", "dim1"),
            ShapeRule.Flatten => Named(call, i, "startDim", "endDim"),
            ShapeRule.Select => Named(call, i, "dim", "index"),
            ShapeRule.Expand => Element(call.Argument("sizes"), i),
            ShapeRule.Repeat => Element(call.Argument("repeats"), i),
            ShapeRule.ReduceDims => Element(call.Argument("dims"), i),
            ShapeRule.Split => i == 1 ? call.Argument("dim")?.Syntax
                : call.Argument("size")?.Syntax ?? call.Argument("sections")?.Syntax ?? call.Argument("chunks")?.Syntax,
            ShapeRule.Narrow => i == 0 ? call.Argument("dim")?.Syntax : i == 1 ? call.Argument("start")?.Syntax : i == 2 ? call.Argument("length")?.Syntax : null,
            ShapeRule.Gather => i == 0 ? call.Argument("dim")?.Syntax : Operand(call, i),
            ShapeRule.ReduceDim or ShapeRule.Along or ShapeRule.SqueezeDim or ShapeRule.Unsqueeze or ShapeRule.Slice =>
                i == 0 ? call.Argument("dim")?.Syntax : null,
            _ => null,
        };
        return at ?? whole;
    }

    private static SyntaxNode? Operand(TensorCall call, int i) =>
        i >= 0 && i < call.Operands.Length ? call.Operands[i].Syntax : null;

    private static SyntaxNode? Named(TensorCall call, int i, string first, string second) =>
        i == 0 ? call.Argument(first)?.Syntax : i == 1 ? call.Argument(second)?.Syntax : null;

    // The i-th int of a params array or collection expression (View(2, 13), View([2, 13])).
    private static SyntaxNode? Element(IOperation? list, int i)
    {
        if (list is null || i < 0) return null;
        var elements = TensorApi.SkipConversions(list) switch
        {
            IArrayCreationOperation { Initializer: { } init } => init.ElementValues,
            ICollectionExpressionOperation collection => collection.Elements,
            _ => default,
        };
        if (elements.IsDefault) return i == 0 ? list.Syntax : null;
        return i < elements.Length ? elements[i].Syntax : null;
    }
}
