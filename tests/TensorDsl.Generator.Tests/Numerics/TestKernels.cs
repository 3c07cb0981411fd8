// Kernels compiled by the generator at build time. Each body is also the eager reference: the
// tests run it on runtime tensors (float32 and float64) and compare with the compiled code.
using TensorDsl;

namespace TensorDsl.Generators.Tests.Numerics;

public static partial class Ops
{
    // ---- element-wise with broadcasting, scalars and constants ----

    [Kernel] public static Tensor AddBroadcast([Shape(3, 1)] Tensor a, [Shape(4)] Tensor b) => a + b;
    [Kernel] public static Tensor SubScalar([Shape(2, 3)] Tensor a) => 1.5 - a - 2;
    [Kernel] public static Tensor MulSame([Shape(2, 3)] Tensor a, [Shape(2, 3)] Tensor b) => a * b;
    [Kernel] public static Tensor DivBroadcast([Shape(2, 3)] Tensor a, [Shape(3)] Tensor b) => a / (b * b + 1);
    [Kernel] public static Tensor ScalarParameter([Shape(4)] Tensor a, float s, double t) => a * s + t;
    [Kernel] public static Tensor Negate([Shape(5)] Tensor a) => -a + a.Neg() * 0.5;
    [Kernel] public static Tensor ReusedInput([Shape(2, 2)] Tensor x) => x * x + x;

    // ---- unary ----

    [Kernel] public static Tensor Exp([Shape(6)] Tensor a) => a.Exp();
    [Kernel] public static Tensor Log([Shape(6)] Tensor a) => (a * a + 1).Log();
    [Kernel] public static Tensor Sqrt([Shape(6)] Tensor a) => (a * a + 0.5).Sqrt();
    [Kernel] public static Tensor Tanh([Shape(6)] Tensor a) => a.Tanh();
    [Kernel] public static Tensor Sigmoid([Shape(6)] Tensor a) => a.Sigmoid();
    [Kernel] public static Tensor Relu([Shape(6)] Tensor a) => a.Relu();
    [Kernel] public static Tensor Abs([Shape(6)] Tensor a) => a.Abs();
    [Kernel] public static Tensor Pow2([Shape(6)] Tensor a) => a.Pow(2);
    [Kernel] public static Tensor Pow3([Shape(6)] Tensor a) => a.Pow(3);
    [Kernel] public static Tensor PowHalf([Shape(6)] Tensor a) => (a * a + 1).Pow(0.5);
    [Kernel] public static Tensor PowMinusOne([Shape(6)] Tensor a) => (a * a + 1).Pow(-1);
    [Kernel] public static Tensor PowOneAndHalf([Shape(6)] Tensor a) => (a * a + 1).Pow(1.5);
    [Kernel] public static Tensor PowFloatParameter([Shape(6)] Tensor a, float p) => (a * a + 1).Pow(p);
    [Kernel] public static Tensor PowDoubleParameterLarge([Shape(3, 40)] Tensor a, double p) => (a * a + 1).Pow(p) * a;
    [Kernel] public static Tensor Sin([Shape(6)] Tensor a) => a.Sin();
    [Kernel] public static Tensor Cos([Shape(6)] Tensor a) => a.Cos();
    [Kernel] public static Tensor Log1p([Shape(6)] Tensor a) => (a * a).Log1p();
    [Kernel] public static Tensor Square([Shape(6)] Tensor a) => a.Square();
    [Kernel] public static Tensor Reciprocal([Shape(6)] Tensor a) => (a * a + 0.5).Reciprocal();
    [Kernel] public static Tensor Rsqrt([Shape(6)] Tensor a) => (a * a + 0.5).Rsqrt();
    [Kernel] public static Tensor Sign([Shape(6)] Tensor a) => a.Sign() * a + a;
    // Rows of 40: the vectorized loops, whose lane-wise helpers must agree with the float ones.
    [Kernel] public static Tensor NewFunctionsLarge([Shape(3, 40)] Tensor a) =>
        a.Sin() * a.Cos() + (a * a).Log1p() - a.Square() + (a * a + 0.5).Reciprocal() * (a * a + 0.5).Rsqrt() + a.Sign() * a;
    [Kernel] public static Tensor ActivationsLarge([Shape(3, 40)] Tensor a) => a.Tanh() + a.Sigmoid() * a.Relu() - a.Abs().Sqrt() + (a * 0.1).Exp();

    // ---- reductions ----

    [Kernel] public static Tensor SumAll([Shape(3, 4)] Tensor a) => a.Sum();
    [Kernel] public static Tensor SumDim([Shape(3, 4)] Tensor a) => a.Sum(1);
    [Kernel] public static Tensor SumDimKeep([Shape(3, 4)] Tensor a) => a.Sum(0, keepDim: true);
    [Kernel] public static Tensor SumNegativeDim([Shape(2, 3, 4)] Tensor a) => a.Sum(-2);
    [Kernel] public static Tensor MeanAll([Shape(3, 4)] Tensor a) => a.Mean();
    [Kernel] public static Tensor MeanDim([Shape(3, 4)] Tensor a) => a.Mean(1, keepDim: true);
    [Kernel] public static Tensor MaxAll([Shape(3, 4)] Tensor a) => a.Max();
    [Kernel] public static Tensor MaxDim([Shape(3, 4)] Tensor a) => a.Max(1).Values;
    [Kernel] public static Tensor MaxDimKeep([Shape(3, 4)] Tensor a) => a.Max(0, keepDim: true).Values * 2;

    // ---- matmul ----

    [Kernel] public static Tensor Dot([Shape(4)] Tensor a, [Shape(4)] Tensor b) => a.MatMul(b);
    [Kernel] public static Tensor MatVec([Shape(3, 4)] Tensor a, [Shape(4)] Tensor b) => a.MatMul(b);
    [Kernel] public static Tensor VecMat([Shape(4)] Tensor a, [Shape(4, 2)] Tensor b) => a.MatMul(b);
    [Kernel] public static Tensor MatMat([Shape(3, 4)] Tensor a, [Shape(4, 2)] Tensor b) => a.MatMul(b);
    [Kernel] public static Tensor Batched([Shape(2, 3, 4)] Tensor a, [Shape(4, 5)] Tensor b) => a.MatMul(b);
    [Kernel] public static Tensor BatchedBroadcast([Shape(2, 1, 3, 4)] Tensor a, [Shape(5, 4, 2)] Tensor b) => a.MatMul(b);

    // ---- layout ----

    [Kernel] public static Tensor TransposeT([Shape(2, 3)] Tensor a, [Shape(3, 2)] Tensor b) => a.T() * b.Transpose(0, 1).T();
    [Kernel] public static Tensor PermuteReshape([Shape(2, 3, 4)] Tensor a) => a.Permute(2, 0, 1).Reshape(4, -1) * 3;
    [Kernel] public static Tensor ViewFlatten([Shape(2, 3, 4)] Tensor a) => (a.View(6, 4) + 1).Flatten();
    [Kernel] public static Tensor SqueezeUnsqueeze([Shape(3, 1, 2)] Tensor a) => a.Squeeze(1).Unsqueeze(0).Contiguous() * a.Squeeze();
    [Kernel] public static Tensor TransposeView([Shape(2, 3)] Tensor a) => a.Transpose(0, 1).Contiguous().View(-1).Exp();

    [Kernel] public static Tensor Indexing([Shape(3, 4)] Tensor a) => a[1] * a[^1] + a[0, 2] + a[1..3].Sum(0) + a[..2][1];
    [Kernel] public static Tensor SelectSliceClone([Shape(3, 4)] Tensor a) => a.Select(1, 2) * a.Slice(-1, 1..4).Sum(1) + a.Clone().Select(0, 1).Slice(0, 0..3);
    [Kernel] public static Tensor SqueezeDim([Shape(3, 1, 2)] Tensor a) => a.Squeeze(-2).Exp() * a.Squeeze(0).Sum();

    // ---- joining ----

    [Kernel] public static Tensor CatRows([Shape(2, 3)] Tensor a, [Shape(1, 3)] Tensor b) => Torch.Cat([a, b]);
    [Kernel] public static Tensor CatNegative([Shape(2, 3)] Tensor a, [Shape(2, 2)] Tensor b) => Torch.Cat(new[] { a * 2, b }, -1);
    [Kernel] public static Tensor StackMiddle([Shape(2, 3)] Tensor a, [Shape(2, 3)] Tensor b) => Torch.Stack([a, b.Tanh()], 1);

    // ---- normalizations ----

    [Kernel] public static Tensor SoftmaxLast([Shape(2, 5)] Tensor a) => a.Softmax(-1);
    [Kernel] public static Tensor SoftmaxFirst([Shape(3, 4)] Tensor a) => a.Softmax(0);
    [Kernel] public static Tensor LogSoftmaxLast([Shape(2, 5)] Tensor a) => a.LogSoftmax(1);
    [Kernel] public static Tensor LogSoftmaxMiddle([Shape(2, 3, 2)] Tensor a) => a.LogSoftmax(1);
    // Of a 0-dim tensor: 1 and 0, whatever the value, and no gradient.
    [Kernel] public static Tensor SoftmaxOfScalar([Shape()] Tensor a) => a.Softmax(0) + a.LogSoftmax(-1) + a;

    // ---- gradient flow ----

    [Kernel, NoFiniteDifferences("Detach cuts a path that finite differences still see")]
    public static Tensor DetachStops([Shape(4)] Tensor a, [Shape(4)] Tensor b) => a * b.Detach() + b;
    [Kernel] public static Tensor NoGradInput([Shape(4), NoGrad] Tensor a, [Shape(4)] Tensor b) => (a * b).Sum();
    [Kernel] public static Tensor UnusedLocal([Shape(4)] Tensor a, [Shape(4)] Tensor b)
    {
        var unused = b.Exp();
        var used = a * 2;
        return used.Sum();
    }

    [Kernel] public static Tensor ReassignedLocal([Shape(3)] Tensor a)
    {
        var x = a * 2;
        x = x + a;
        x = x.Tanh();
        return x;
    }
}

/// <summary>Composite kernels, as models use them.</summary>
public static partial class Models
{
    /// <summary>The README's example: a two-layer MLP's mean squared error.</summary>
    [Kernel]
    public static Tensor MlpLoss([Shape(8, 4), NoGrad] Tensor x, [Shape(4, 16)] Tensor w1,
                                [Shape(16)] Tensor b1, [Shape(16, 1)] Tensor w2,
                                [Shape(8, 1), NoGrad] Tensor y)
    {
        var h = (x.MatMul(w1) + b1).Tanh();
        var d = h.MatMul(w2) - y;
        return (d * d).Mean();
    }

    /// <summary>softmax(Q Kᵀ / √d) V.</summary>
    [Kernel]
    public static Tensor Attention([Shape(4, 8)] Tensor q, [Shape(6, 8)] Tensor k, [Shape(6, 3)] Tensor v)
    {
        var scores = q.MatMul(k.T()) / 2.8284271247461903;
        var weights = scores.Softmax(-1);
        return weights.MatMul(v);
    }

    /// <summary>Concatenate then view: features of two sources merged into one row per sample.</summary>
    [Kernel]
    public static Tensor CatView([Shape(2, 3)] Tensor a, [Shape(2, 3)] Tensor b, [Shape(12)] Tensor w)
    {
        var merged = Torch.Cat([a, b], 1).View(-1);
        return (merged * w).Sum();
    }

    /// <summary>Normalization with broadcasting division.</summary>
    [Kernel]
    public static Tensor Normalize([Shape(4, 3)] Tensor x, [Shape(3)] Tensor scale)
    {
        var centered = x - x.Mean(0, keepDim: true);
        var norm = (centered * centered).Mean(0) + 1e-5;
        return centered / norm.Sqrt() * scale;
    }

    /// <summary>Large enough that nothing is unrolled: constant-bound loops.</summary>
    [Kernel]
    public static Tensor Wide([Shape(32, 48)] Tensor x, [Shape(48, 40)] Tensor w, [Shape(40)] Tensor b)
    {
        var h = (x.MatMul(w) + b).Relu();
        return h.Softmax(1).LogSoftmax(0).Sum(0);
    }

    /// <summary>The same MLP with unrolling switched off by the attribute.</summary>
    [Kernel(UnrollLimit = 0)]
    public static Tensor MlpLoops([Shape(8, 4), NoGrad] Tensor x, [Shape(4, 16)] Tensor w1, [Shape(16)] Tensor b1)
    {
        var h = (x.MatMul(w1) + b1).Sigmoid();
        return h.Max(1).Values.Sum() + h.Max();
    }
}

/// <summary>Marks a kernel whose gradient by design differs from finite differences of its body.</summary>
[System.AttributeUsage(System.AttributeTargets.Method)]
public sealed class NoFiniteDifferencesAttribute(string reason) : System.Attribute
{
    public string Reason { get; } = reason;
}

/// <summary>Reassignment forms the parser lowers to new values under the same name.</summary>
public static partial class Assignments
{
    [Kernel]
    public static Tensor CompoundAndParameterReassignment([Shape(3, 4)] Tensor x, [Shape(4)] Tensor b)
    {
        var h = x * 2;
        h += b;
        h *= x;
        x = x.Tanh();
        h -= x / 3;
        return h.Sum(1);
    }
}

/// <summary>Products large enough for the tiled helpers: a folded batch and equal batches.</summary>
public static partial class TiledProducts
{
    [Kernel] public static Tensor FoldedBatch([Shape(2, 9, 10)] Tensor a, [Shape(10, 16)] Tensor b) => a.MatMul(b).Tanh();
    [Kernel] public static Tensor EqualBatches([Shape(3, 10, 12)] Tensor a, [Shape(3, 12, 16)] Tensor b) => (a.MatMul(b) * a.Sum(2, keepDim: true)).Sum();
    [Kernel] public static Tensor Square([Shape(24, 24)] Tensor a) => a.MatMul(a).Sigmoid();
    // Remainders of every tile: rows not a multiple of 4 (or 2), columns past 16 and 8, short dot products.
    [Kernel] public static Tensor OddSizes([Shape(7, 13)] Tensor a, [Shape(13, 37)] Tensor b) => a.MatMul(b).Tanh();
    [Kernel] public static Tensor Forty([Shape(5, 9)] Tensor a, [Shape(9, 40)] Tensor b) => a.MatMul(b).Sigmoid();
    [Kernel] public static Tensor EightColumns([Shape(6, 20)] Tensor a, [Shape(20, 8)] Tensor b) => a.MatMul(b).Tanh();
}
