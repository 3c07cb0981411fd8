// Applies the shared shape rules (src/Runtime/Shapes) to a recognized call, by the shape rule its
// row in the op table names: the one place where the generator and the analyzers turn an op and
// its operands' shapes into a result shape.
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Ops;
using TensorDsl.Shapes;

namespace TensorDsl.Shared;

/// <summary>Result shapes of recognized calls.</summary>
internal static class OpShapes
{
    /// <summary>
    /// The shape of <paramref name="call"/>'s result given its operands' shapes (null where unknown;
    /// a number operand of an operator has shape <c>[]</c>). Null when the result cannot be known
    /// statically (an unknown operand, a non-constant size or dim). <paramref name="dataShape"/> is
    /// the shape of <c>Torch.Tensor</c>'s data when the caller knows it from elsewhere (a local);
    /// data written in place is read here.
    /// </summary>
    public static ShapeResult? Infer(TensorCall call, IReadOnlyList<int[]?> operands, int[]? dataShape = null)
    {
        int[]? First() => operands.Count > 0 ? operands[0] : null;
        int? Dim(string name, int fallback) => call.Argument(name) is { } a ? TensorApi.ConstantInt(a) : fallback;
        bool? Flag(string name) => call.Argument(name) is { } a ? TensorApi.ConstantBool(a) : false;

        switch (OpTable.Row(call.Kind).Shape)
        {
            case ShapeRule.Broadcast:
                if (operands.Count < 2 || operands[0] is not { } a || operands[1] is not { } b) return null;
                return ShapeRules.Broadcast(a, b);

            case ShapeRule.Same:
                return First() is { } same ? ShapeResult.Ok(same) : (ShapeResult?)null;

            case ShapeRule.ReduceAll:
                return First() is not null ? ShapeResult.Ok(new int[0]) : (ShapeResult?)null;

            case ShapeRule.ReduceDim:
            {
                if (First() is not { } s || Dim("dim", 0) is not int d || Flag("keepDim") is not bool keep) return null;
                return ShapeRules.Reduce(s, d, keep);
            }

            case ShapeRule.Along:
            {
                if (First() is not { } s || Dim("dim", 0) is not int d) return null;
                return ShapeRules.SameShapeAlong(s, d);
            }

            case ShapeRule.MatMul:
                if (operands.Count < 2 || operands[0] is not { } m1 || operands[1] is not { } m2) return null;
                return ShapeRules.MatMul(m1, m2);

            case ShapeRule.T:
                return First() is { } t ? ShapeRules.T(t) : (ShapeResult?)null;

            case ShapeRule.Transpose:
            {
                if (First() is not { } s || Dim("dim0", 0) is not int d0 || Dim("dim1", 0) is not int d1) return null;
                return ShapeRules.Transpose(s, d0, d1);
            }

            case ShapeRule.Permute:
            {
                if (First() is not { } s || TensorApi.ConstantInts(call.Argument("dims")) is not { } dims) return null;
                return ShapeRules.Permute(s, dims, out _);
            }

            case ShapeRule.View:
            {
                if (First() is not { } s || TensorApi.ConstantInts(call.Argument("shape")) is not { } sizes) return null;
                return ShapeRules.View(ShapeRules.Numel(s), sizes);
            }

            case ShapeRule.Flatten:
            {
                if (First() is not { } s || Dim("startDim", 0) is not int start || Dim("endDim", -1) is not int end) return null;
                return ShapeRules.Flatten(s, start, end);
            }

            case ShapeRule.Squeeze:
                return First() is { } squeezed ? ShapeResult.Ok(ShapeRules.Squeeze(squeezed)) : (ShapeResult?)null;

            case ShapeRule.SqueezeDim:
            {
                if (First() is not { } s || Dim("dim", 0) is not int d) return null;
                return ShapeRules.Squeeze(s, d);
            }

            case ShapeRule.Unsqueeze:
            {
                if (First() is not { } s || Dim("dim", 0) is not int d) return null;
                return ShapeRules.Unsqueeze(s, d);
            }

            case ShapeRule.Select:
            {
                if (First() is not { } s || Dim("dim", 0) is not int d || Dim("index", 0) is not int index) return null;
                return ShapeRules.Select(s, d, index);
            }

            case ShapeRule.Slice:
            {
                if (First() is not { } s || Dim("dim", 0) is not int d || SliceBounds(call.Argument("range")) is not var (start, stop)) return null;
                return ShapeRules.Slice(s, d, start.Value, start.FromEnd, stop.Value, stop.FromEnd, out _, out _);
            }

            case ShapeRule.Cat: case ShapeRule.Stack:
            {
                if (operands.Count == 0 || Dim("dim", 0) is not int d) return null;
                var shapes = new List<IReadOnlyList<int>>();
                foreach (var s in operands)
                {
                    if (s is null) return null;
                    shapes.Add(s);
                }
                return call.Kind == OpKind.Cat ? ShapeRules.Cat(shapes, d) : ShapeRules.Stack(shapes, d);
            }

            case ShapeRule.Data:
                return (dataShape ?? TensorApi.DataShape(call.Argument("data"))) is { } data ? ShapeResult.Ok(data) : (ShapeResult?)null;

            case ShapeRule.Arange:
            {
                double? start = call.Argument("start") is { } startArg ? TensorApi.ConstantNumber(startArg) : 0;
                double? end = TensorApi.ConstantNumber(call.Argument("end"));
                double? step = call.Argument("step") is { } stepArg ? TensorApi.ConstantNumber(stepArg) : 1;
                if (start is not double s0 || end is not double e || step is not double s1) return null;
                return ShapeRules.Arange(s0, e, s1);
            }

            case ShapeRule.ReduceDims:
            {
                if (First() is not { } s || TensorApi.ConstantInts(call.Argument("dims")) is not { } dims || Flag("keepDim") is not bool keep) return null;
                return ShapeRules.ReduceDims(s, dims, keep, out _);
            }

            case ShapeRule.Expand:
            {
                if (First() is not { } s || TensorApi.ConstantInts(call.Argument("sizes")) is not { } sizes) return null;
                return ShapeRules.Expand(s, sizes);
            }

            case ShapeRule.Repeat:
            {
                if (First() is not { } s || TensorApi.ConstantInts(call.Argument("repeats")) is not { } repeats) return null;
                return ShapeRules.Repeat(s, repeats);
            }

            case ShapeRule.Narrow:
            {
                if (First() is not { } s || Dim("dim", 0) is not int d || Dim("start", 0) is not int start || Dim("length", 0) is not int length) return null;
                return ShapeRules.Narrow(s, d, start, length);
            }

            case ShapeRule.Gather:
            {
                if (operands.Count < 2 || operands[0] is not { } s || operands[1] is not { } index || Dim("dim", 0) is not int d) return null;
                return ShapeRules.Gather(s, d, index);
            }

            case ShapeRule.Split:
                // A list of tensors has no shape of its own: a failed split is reported, and the
                // pieces are read by Pieces.
                return Pieces(call, First(), out _) is { IsOk: false } failed ? failed : (ShapeResult?)null;

            case ShapeRule.Linear:
            {
                // A bias written as null, or left out, is no bias; an unknown bias leaves the result unknown.
                if (operands.Count < 2 || operands[0] is not { } x || operands[1] is not { } w) return null;
                bool noBias = operands.Count < 3 || call.Operands[2].ConstantValue is { HasValue: true, Value: null };
                if (!noBias && operands[2] is null) return null;
                return ShapeRules.Linear(x, w, noBias ? null : operands[2]);
            }

            case ShapeRule.Embedding:
                if (operands.Count < 2 || operands[0] is not { } indices || operands[1] is not { } weight) return null;
                return ShapeRules.Embedding(indices, weight);

            case ShapeRule.Sizes:
                return TensorApi.ConstantInts(call.Argument("size")) is { } size && AllNonNegative(size)
                    ? ShapeResult.Ok(size) : (ShapeResult?)null;
        }
        return null;
    }

    /// <summary>
    /// The sizes of the pieces of a split or chunk of a tensor of <paramref name="shape"/> along
    /// <paramref name="dim"/>; null when an argument is not constant or the shape unknown.
    /// </summary>
    public static ShapeResult? Pieces(TensorCall call, int[]? shape, out int dim)
    {
        dim = call.Argument("dim") is { } d ? TensorApi.ConstantInt(d) ?? int.MinValue : 0;
        if (shape is null || dim == int.MinValue) return null;
        switch (call.Kind)
        {
            case OpKind.SplitSections:
                return TensorApi.ConstantInts(call.Argument("sections")) is { } sections ? ShapeRules.SplitWithSizes(shape, sections, dim) : (ShapeResult?)null;
            case OpKind.Chunk:
                return TensorApi.ConstantInt(call.Argument("chunks")) is int chunks ? ShapeRules.ChunkSizes(shape, chunks, dim) : (ShapeResult?)null;
            default:
                return TensorApi.ConstantInt(call.Argument("size")) is int size ? ShapeRules.SplitSizes(shape, size, dim) : (ShapeResult?)null;
        }
    }

    /// <summary>
    /// The analyzer error kind a failed rule is reported as: its own kind, except that the argument
    /// errors of the dim-ordering and re-indexing rules (t() of 3 dims, duplicate permute dims,
    /// flatten's start after its end, a narrow past the end, too few repeats) are dim errors (TD0005);
    /// other argument errors (an empty cat list) are not reported.
    /// </summary>
    public static ShapeErrorKind Reported(ShapeRule rule, ShapeErrorKind error) =>
        error == ShapeErrorKind.Argument
            ? rule is ShapeRule.T or ShapeRule.Permute or ShapeRule.Flatten or ShapeRule.Expand or ShapeRule.Repeat or ShapeRule.Narrow
                or ShapeRule.Gather or ShapeRule.ReduceDims or ShapeRule.Linear or ShapeRule.Embedding or ShapeRule.Split
                ? ShapeErrorKind.Dim : ShapeErrorKind.None
            : error;

    /// <summary>The constant bounds of a range argument <c>a..b</c>, or null.</summary>
    public static ((int Value, bool FromEnd) Start, (int Value, bool FromEnd) Stop)? SliceBounds(IOperation? range)
    {
        if (range is null || TensorApi.SkipConversions(range) is not IRangeOperation r) return null;
        if (TensorApi.RangeBound(r.LeftOperand, 0) is not { } start || TensorApi.RangeBound(r.RightOperand, null) is not { } stop) return null;
        return (start, stop);
    }

    private static bool AllNonNegative(int[] sizes)
    {
        foreach (var s in sizes)
            if (s < 0) return false;
        return true;
    }
}
