// Applies the shared shape rules (src/Runtime/Shapes) to a recognized call: the one place where
// the generator and the analyzers turn an op and its operands' shapes into a result shape.
using System.Collections.Generic;
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

        switch (call.Kind)
        {
            case OpKind.Add: case OpKind.Sub: case OpKind.Mul: case OpKind.Div:
                if (operands[0] is not { } a || operands[1] is not { } b) return null;
                return ShapeRules.Broadcast(a, b);

            case OpKind.Neg: case OpKind.Exp: case OpKind.Log: case OpKind.Sqrt: case OpKind.Tanh:
            case OpKind.Sigmoid: case OpKind.Relu: case OpKind.Abs: case OpKind.Pow:
            case OpKind.Contiguous: case OpKind.Clone: case OpKind.Detach:
            case OpKind.ZerosLike: case OpKind.OnesLike: case OpKind.RandnLike: case OpKind.RandLike:
                return First() is { } same ? ShapeResult.Ok(same) : (ShapeResult?)null;

            case OpKind.Sum: case OpKind.Mean: case OpKind.Max:
            {
                if (First() is not { } s) return null;
                if (call.Argument("dim") is null) return ShapeResult.Ok(new int[0]);
                if (Dim("dim", 0) is not int d || Flag("keepDim") is not bool keep) return null;
                return ShapeRules.Reduce(s, d, keep);
            }

            case OpKind.Softmax: case OpKind.LogSoftmax:
            {
                if (First() is not { } s || Dim("dim", 0) is not int d) return null;
                return ShapeRules.SameShapeAlong(s, d);
            }

            case OpKind.MatMul:
                if (operands.Count < 2 || operands[0] is not { } m1 || operands[1] is not { } m2) return null;
                return ShapeRules.MatMul(m1, m2);

            case OpKind.T:
                return First() is { } t ? ShapeRules.T(t) : (ShapeResult?)null;

            case OpKind.Transpose:
            {
                if (First() is not { } s || Dim("dim0", 0) is not int d0 || Dim("dim1", 0) is not int d1) return null;
                return ShapeRules.Transpose(s, d0, d1);
            }

            case OpKind.Permute:
            {
                if (First() is not { } s || TensorApi.ConstantInts(call.Argument("dims")) is not { } dims) return null;
                return ShapeRules.Permute(s, dims, out _);
            }

            case OpKind.View: case OpKind.Reshape:
            {
                if (First() is not { } s || TensorApi.ConstantInts(call.Argument("shape")) is not { } sizes) return null;
                return ShapeRules.View(ShapeRules.Numel(s), sizes);
            }

            case OpKind.Flatten:
            {
                if (First() is not { } s || Dim("startDim", 0) is not int start || Dim("endDim", -1) is not int end) return null;
                return ShapeRules.Flatten(s, start, end);
            }

            case OpKind.Squeeze:
            {
                if (First() is not { } s) return null;
                if (call.Argument("dim") is null) return ShapeResult.Ok(ShapeRules.Squeeze(s));
                return Dim("dim", 0) is int d ? ShapeRules.Squeeze(s, d) : (ShapeResult?)null;
            }

            case OpKind.Unsqueeze:
            {
                if (First() is not { } s || Dim("dim", 0) is not int d) return null;
                return ShapeRules.Unsqueeze(s, d);
            }

            case OpKind.Cat: case OpKind.Stack:
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

            case OpKind.FromData:
                return (dataShape ?? TensorApi.DataShape(call.Argument("data"))) is { } data ? ShapeResult.Ok(data) : (ShapeResult?)null;

            case OpKind.Arange:
            {
                double? start = call.Argument("start") is { } startArg ? TensorApi.ConstantNumber(startArg) : 0;
                double? end = TensorApi.ConstantNumber(call.Argument("end"));
                double? step = call.Argument("step") is { } stepArg ? TensorApi.ConstantNumber(stepArg) : 1;
                if (start is not double s0 || end is not double e || step is not double s1) return null;
                return ShapeRules.Arange(s0, e, s1);
            }

            case OpKind.Zeros: case OpKind.Ones: case OpKind.Randn: case OpKind.Rand:
            case OpKind.Full: case OpKind.Randint:
                return TensorApi.ConstantInts(call.Argument("size")) is { } size && AllNonNegative(size)
                    ? ShapeResult.Ok(size) : (ShapeResult?)null;
        }
        return null;
    }

    private static bool AllNonNegative(int[] sizes)
    {
        foreach (var s in sizes)
            if (s < 0) return false;
        return true;
    }
}
