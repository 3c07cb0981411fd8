// Kernels written to break the generator: sizes that leave vector remainders, unroll limits at
// both extremes, broadcasting in every direction, shared values, transposed and batched products,
// views of non-contiguous values, indexing of computed values, every special-cased exponent,
// Detach and NoGrad in the middle of chains, and kernels that return (views of) their parameters.
// KernelNumericsTests checks each one like the kernels in TestKernels.cs.
using TensorDsl;

namespace TensorDsl.Generators.Tests.Numerics;

public static partial class Adversarial
{
    // ---- vector remainders: inner sizes that are not multiples of 8, totals above the unroll limit ----

    [Kernel] public static Tensor Remainder37([Shape(3, 37)] Tensor a, [Shape(37)] Tensor b) => (a * b - a.Exp() / (b * b + 1)).Relu() + a.Abs().Sqrt();
    [Kernel] public static Tensor Remainder67([Shape(67)] Tensor a) => (a * a + 1).Log() * a.Neg() + a.Sigmoid().Tanh();
    [Kernel] public static Tensor Remainder9([Shape(8, 9)] Tensor a, [Shape(9)] Tensor b) => (a - b) * (a + b) / (b * b + 2);
    [Kernel] public static Tensor Remainder13Chain([Shape(5, 13)] Tensor a) => ((a * 0.5).Exp() + 1).Log().Sqrt() - a.Abs();

    // ---- unroll limits at both extremes ----

    [Kernel(UnrollLimit = 0)] public static Tensor NoUnroll([Shape(2, 3)] Tensor a, [Shape(3)] Tensor b) => (a * b).Sum(1) + (a - b).Max();
    [Kernel(UnrollLimit = 0)] public static Tensor NoUnrollScalar([Shape()] Tensor a, [Shape(9)] Tensor b) => (a * b).Softmax(0) * a;
    [Kernel(UnrollLimit = 0)] public static Tensor NoUnrollEverything([Shape(3, 10)] Tensor a, [Shape(10, 9)] Tensor b)
    {
        var h = a.MatMul(b).Tanh();
        return Torch.Cat([h, h.Exp().MatMul(b.T()).MatMul(b)], 0).LogSoftmax(0).Max(1).Values.Mean() + h[1, 2];
    }
    [Kernel(UnrollLimit = 1000)] public static Tensor BigUnroll([Shape(9, 13)] Tensor a, [Shape(13, 11)] Tensor b) => a.MatMul(b).Tanh().Sum(0);
    [Kernel(UnrollLimit = 1000)] public static Tensor BigUnrollVector([Shape(40, 41)] Tensor a) => (a * 0.5).Exp().LogSoftmax(1) * a;
    [Kernel(UnrollLimit = 1000)] public static Tensor BigUnrollSoftmax([Shape(6, 30)] Tensor a, [Shape(30)] Tensor b) => (a * b).Softmax(0).Max(0).Values;

    // ---- broadcasting in every direction ----

    [Kernel] public static Tensor OuterBroadcast([Shape(5, 1)] Tensor a, [Shape(1, 7)] Tensor b) => a * b - b / (a * a + 1);
    [Kernel] public static Tensor OuterBroadcastLarge([Shape(13, 1)] Tensor a, [Shape(1, 19)] Tensor b) => a * b + a - b.Exp();
    [Kernel] public static Tensor RankBroadcast([Shape(7)] Tensor a, [Shape(3, 1, 7)] Tensor b) => a - b;
    [Kernel] public static Tensor RankBroadcastLarge([Shape(21)] Tensor a, [Shape(3, 4, 1)] Tensor b) => (a - b) * a;
    [Kernel] public static Tensor MiddleBroadcastLarge([Shape(3, 1, 11)] Tensor a, [Shape(5, 1)] Tensor b) => (a * b).Tanh() + b;
    [Kernel] public static Tensor ScalarTensor([Shape()] Tensor s, [Shape(4, 5)] Tensor a) => a * s + s * s;
    [Kernel] public static Tensor ScalarTensorLarge([Shape()] Tensor s, [Shape(3, 30)] Tensor a) => (a - s).Tanh() * s;
    [Kernel] public static Tensor ScalarTensorsOnly([Shape()] Tensor s, [Shape()] Tensor t) => (s * t).Exp() - t;
    [Kernel] public static Tensor ScalarTensorResultLarge([Shape()] Tensor s, [Shape(90)] Tensor a) => (a * s).Sum() * s;

    // ---- one value read by several ops (diamonds) ----

    [Kernel] public static Tensor Diamond([Shape(3, 4)] Tensor x)
    {
        var a = x.Exp();
        return a * a + a.Sum();
    }

    [Kernel] public static Tensor DiamondLarge([Shape(5, 29)] Tensor x)
    {
        var a = x.Tanh();
        var b = a * 2;
        return a * b + b.Sum(0) - a.Mean(1, keepDim: true);
    }

    [Kernel] public static Tensor DiamondChain([Shape(70)] Tensor x)
    {
        var a = x * 0.5;
        var b = a.Sigmoid();
        var c = b * a;
        return (c + b + a).Sum();
    }

    [Kernel] public static Tensor DiamondThroughViews([Shape(6, 10)] Tensor x)
    {
        var e = x.Exp();
        return e.Reshape(10, 6) * e.T() + e.View(-1).Sum();
    }

    // ---- reductions of broadcast expressions ----

    [Kernel] public static Tensor SumOfBroadcast([Shape(5, 1)] Tensor a, [Shape(9)] Tensor b) => (a * b).Sum(0) + (a + b).Sum(1, keepDim: true).Sum();
    [Kernel] public static Tensor MeanOfBroadcastLarge([Shape(11, 1)] Tensor a, [Shape(1, 23)] Tensor b) => (a - b).Pow(2).Mean(0);
    [Kernel] public static Tensor MaxOfBroadcast([Shape(6, 1)] Tensor a, [Shape(17)] Tensor b) => (a * b).Max(1).Values + (a + b).Max();
    [Kernel] public static Tensor MaxKeepLarge([Shape(4, 19)] Tensor a, [Shape(19)] Tensor b) => (a * b).Max(0, keepDim: true).Values * a;

    // ---- products with transposed, permuted, batched and 1-D operands ----

    [Kernel] public static Tensor MatMulTransposedRight([Shape(10, 12)] Tensor x, [Shape(9, 12)] Tensor w) => x.MatMul(w.T());
    [Kernel] public static Tensor MatMulTransposedLeft([Shape(12, 10)] Tensor x, [Shape(12, 9)] Tensor w) => x.T().MatMul(w);
    [Kernel] public static Tensor AttentionScores([Shape(11, 16)] Tensor q, [Shape(13, 16)] Tensor k) => q.MatMul(k.Transpose(0, 1)).Softmax(-1);
    [Kernel] public static Tensor MatMulPermuted([Shape(2, 9, 5)] Tensor a, [Shape(5, 2, 11)] Tensor b) => a.MatMul(b.Permute(1, 0, 2));
    [Kernel] public static Tensor BatchedBroadcastLarge([Shape(3, 1, 6, 10)] Tensor a, [Shape(4, 10, 12)] Tensor b) => a.MatMul(b);
    [Kernel] public static Tensor BatchedBroadcastRightLarge([Shape(4, 6, 10)] Tensor a, [Shape(2, 1, 10, 12)] Tensor b) => a.MatMul(b).Sum(0);
    [Kernel] public static Tensor MatrixTimesBatchLarge([Shape(7, 10)] Tensor a, [Shape(3, 10, 9)] Tensor b) => a.MatMul(b).Relu();
    [Kernel] public static Tensor VecMatLarge([Shape(20)] Tensor a, [Shape(20, 17)] Tensor b) => a.MatMul(b);
    [Kernel] public static Tensor MatVecLarge([Shape(17, 20)] Tensor a, [Shape(20)] Tensor b) => a.MatMul(b);
    [Kernel] public static Tensor VecBatchLarge([Shape(10)] Tensor a, [Shape(3, 10, 9)] Tensor b) => a.MatMul(b);
    [Kernel] public static Tensor BatchVecLarge([Shape(3, 9, 10)] Tensor a, [Shape(10)] Tensor b) => a.MatMul(b);
    [Kernel] public static Tensor DotLarge([Shape(70)] Tensor a, [Shape(70)] Tensor b) => a.MatMul(b);
    [Kernel] public static Tensor MatMulComputed([Shape(9, 10)] Tensor a, [Shape(10, 9)] Tensor b) => (a.Tanh() + 1).MatMul(b * b).MatMul(a);
    [Kernel] public static Tensor MatMulSelf([Shape(12, 12)] Tensor a) => a.MatMul(a) - a.MatMul(a.T());
    [Kernel] public static Tensor MatMulOneRow([Shape(1, 10)] Tensor a, [Shape(10, 9)] Tensor b) => a.MatMul(b);
    [Kernel] public static Tensor MatMulSlicedRight([Shape(9, 10)] Tensor a, [Shape(12, 9)] Tensor b) => a.MatMul(b[1..11]);
    [Kernel] public static Tensor MatMulSelectedBatch([Shape(9, 10)] Tensor a, [Shape(2, 10, 11)] Tensor b) => a.MatMul(b[1]).Exp().Sum(1);
    [Kernel] public static Tensor MatMulReshapedRight([Shape(5, 12)] Tensor a, [Shape(4, 27)] Tensor b) => a.MatMul(b.Reshape(12, 9));
    [Kernel] public static Tensor MatMulBroadcastOperand([Shape(9, 1)] Tensor a, [Shape(10)] Tensor b, [Shape(10, 9)] Tensor w) => (a + b).MatMul(w);

    // ---- normalizations along non-last dims of large tensors ----

    [Kernel] public static Tensor SoftmaxFirstLarge([Shape(13, 9)] Tensor a) => a.Softmax(0);
    [Kernel] public static Tensor LogSoftmaxMiddleLarge([Shape(3, 11, 5)] Tensor a) => (a * 2).LogSoftmax(1);
    [Kernel] public static Tensor SoftmaxOfBroadcast([Shape(9, 1)] Tensor a, [Shape(10)] Tensor b) => (a * b).Softmax(0).LogSoftmax(-1);
    [Kernel] public static Tensor SoftmaxOfTranspose([Shape(10, 9)] Tensor a) => a.T().Softmax(0) * a.T();

    // ---- joins of computed values ----

    [Kernel] public static Tensor CatComputed([Shape(3, 10)] Tensor a, [Shape(2, 10)] Tensor b) => Torch.Cat([a.Exp(), b * a[0], a[1..2].T().T()], 0) * 2;
    [Kernel] public static Tensor CatLastLarge([Shape(4, 9)] Tensor a, [Shape(4, 13)] Tensor b) => Torch.Cat([a.Tanh(), b, a], -1).Sum(0);
    [Kernel] public static Tensor StackComputed([Shape(9, 5)] Tensor a) => Torch.Stack([a, a.Sigmoid(), a * a], 2).Reshape(9, 15);
    [Kernel] public static Tensor StackOfTransposes([Shape(9, 10)] Tensor a, [Shape(10, 9)] Tensor b) => Torch.Stack([a.T(), b], 0).Softmax(0);

    // ---- views of non-contiguous values ----

    [Kernel] public static Tensor TransposeThenReshape([Shape(6, 11)] Tensor a) => a.T().Reshape(11, 2, 3) * a.Reshape(11, 2, 3);
    [Kernel] public static Tensor TransposeThenReshapeComputed([Shape(5, 9)] Tensor a, [Shape(9, 5)] Tensor b) => (a.T() + b).Reshape(-1).Exp() * 0.5;
    [Kernel] public static Tensor PermuteViewChain([Shape(2, 3, 12)] Tensor a) => a.Permute(2, 0, 1).Contiguous().View(12, 6).T().Flatten() * a.View(-1);
    [Kernel] public static Tensor ReshapeOfBuffer([Shape(4, 10)] Tensor a)
    {
        var e = a.Softmax(1);
        return e.T().Reshape(8, 5) * e.View(8, 5) + e.Reshape(5, 8).T();
    }

    // ---- indexing computed values ----

    [Kernel] public static Tensor IndexComputed([Shape(4, 11)] Tensor a)
    {
        var e = a.Tanh() * 2;
        return e[1] * e[^1] + e[0, 2] + e[1..3].Sum(0) + e[..2][1];
    }

    [Kernel] public static Tensor IndexOfMatMul([Shape(9, 10)] Tensor a, [Shape(10, 9)] Tensor b) => a.MatMul(b)[^2] + a.MatMul(b).T()[3];
    [Kernel] public static Tensor IndexOfTranspose([Shape(12, 10)] Tensor a) => a.T()[2..9].Exp() * a.T()[^1];

    // ---- |x| in a vectorized loop: its gradient's sign is lane-wise ----

    [Kernel] public static Tensor AbsLarge([Shape(4, 20)] Tensor a) => (a * 3).Abs() * a;

    // ---- every special-cased exponent ----

    [Kernel] public static Tensor PowZero([Shape(5)] Tensor a) => (a * 2).Pow(0) + a;
    [Kernel] public static Tensor PowZeroOfParameter([Shape(4)] Tensor a, [Shape(4)] Tensor b) => a.Pow(0) * b;
    [Kernel] public static Tensor PowOne([Shape(12)] Tensor a) => (a * 3).Pow(1) * a;
    [Kernel] public static Tensor PowMinusTwo([Shape(12)] Tensor a) => (a * a + 1).Pow(-2);
    [Kernel] public static Tensor PowMixedLarge([Shape(70)] Tensor a)
    {
        var p = a * a + 0.5;
        return p.Pow(0) + p.Pow(1) + p.Pow(2) + a.Pow(3) + p.Pow(-2) + p.Pow(0.5) + p.Pow(-0.5);
    }

    // ---- scalar parameters and constants ----

    [Kernel] public static Tensor ScalarsReused([Shape(3, 11)] Tensor a, float s, double t) => (a * s + t) * s - t / (a * a + s) + s;
    [Kernel] public static Tensor SmallConstants([Shape(3, 5)] Tensor a) => a / ((a.Pow(2).Mean(1, keepDim: true) + 1e-5).Sqrt() + 1e-5) - 1e-5;
    [Kernel] public static Tensor NegativeConstants([Shape(6)] Tensor a) => a - -2 + (-3.5) * a - a / -0.25 - (-a);
    [Kernel] public static Tensor ConstantFirst([Shape(2, 9)] Tensor a) => 2 / (a * a + 1) - 3 * a + (1 - a);

    // ---- locals reassigned ----

    [Kernel] public static Tensor ReassignedChain([Shape(3, 13)] Tensor a)
    {
        var x = a;
        x = x * x;
        var y = x;
        x = x.Sum(0);
        x = x + a;
        x = x.Softmax(1) + y;
        return x;
    }

    // ---- Detach and NoGrad in the middle of chains ----

    [Kernel, NoFiniteDifferences("Detach cuts a path that finite differences still see")]
    public static Tensor DetachMiddle([Shape(3, 11)] Tensor a)
    {
        var h = a.Exp();
        var d = h.Detach() * a;
        return d + h.Tanh();
    }

    [Kernel, NoFiniteDifferences("Detach cuts a path that finite differences still see")]
    public static Tensor DetachWholeInput([Shape(4)] Tensor a, [Shape(4)] Tensor b) => a.Detach() * b.Detach().Exp() + b;

    [Kernel, NoFiniteDifferences("Detach cuts a path that finite differences still see")]
    public static Tensor DetachMatMul([Shape(9, 10)] Tensor a, [Shape(9, 10)] Tensor b) => a.MatMul(b.Detach().T()).Softmax(0) + a.MatMul(b.T());

    [Kernel] public static Tensor NoGradLarge([Shape(9, 10), NoGrad] Tensor x, [Shape(10, 9)] Tensor w, [Shape(9), NoGrad] Tensor b) => (x.MatMul(w) + b).Softmax(1);
    [Kernel] public static Tensor NoGradOnly([Shape(5), NoGrad] Tensor a) => a.Exp();
    [Kernel] public static Tensor NoGradLeftOfMatMul([Shape(10), NoGrad] Tensor a, [Shape(10, 11)] Tensor w) => a.MatMul(w).Sigmoid();

    // ---- kernels that return a parameter, or a view of one ----

    [Kernel] public static Tensor ReturnParameter([Shape(3, 4)] Tensor x) => x;
#pragma warning disable IDE0060 // kernels that ignore a parameter, on purpose
    [Kernel] public static Tensor ReturnParameterIgnoringAnother([Shape(3)] Tensor x, [Shape(3)] Tensor y) => x;
#pragma warning restore IDE0060
    [Kernel] public static Tensor ReturnScalarParameter([Shape()] Tensor x) => x;
    [Kernel] public static Tensor ReturnTranspose([Shape(3, 4)] Tensor x) => x.T();
    [Kernel] public static Tensor ReturnTransposeLarge([Shape(9, 10)] Tensor x) => x.T();
    [Kernel] public static Tensor ReturnView([Shape(2, 6)] Tensor x) => x.View(3, 4);
    [Kernel] public static Tensor ReturnSelectLarge([Shape(3, 70)] Tensor x) => x[1];
    [Kernel] public static Tensor ReturnContiguous([Shape(5)] Tensor x) => x.Contiguous();
}

/// <summary>Parameter and local names that the generated code also uses.</summary>
public static partial class Adversarial
{
    [Kernel] public static Tensor NamedMax([Shape(3, 9)] Tensor max, [Shape(9)] Tensor sum) => (max * sum).Softmax(1).LogSoftmax(0);
    [Kernel] public static Tensor NamedCount([Shape(3, 4)] Tensor count, [Shape(4)] Tensor dot) => (count * dot).Max() + (count - dot).LogSoftmax(0).Sum();
    [Kernel] public static Tensor NamedOutput([Shape(4)] Tensor output, [Shape(4)] Tensor g, float i) => output * g * i;
    [Kernel] public static Tensor NamedLoopVariables([Shape(12, 10)] Tensor i0, [Shape(10)] Tensor k0, [Shape(10)] Tensor acc0) => (i0 * k0 + acc0).Max(1).Values;
    [Kernel] public static Tensor NamedKeywords([Shape(3, 4)] Tensor @in, [Shape(4)] Tensor @base)
    {
        var @out = @in * @base;
        var @checked = @out.Exp();
        return @checked.Sum(0) + @out.Sum(0);
    }
    [Kernel] public static Tensor NamedLikeGradients([Shape(5)] Tensor x, [Shape(5)] Tensor xData)
    {
        var gradX = x.Exp();
        var gradXData = gradX * xData;
        return gradX * gradXData + gradXData.Sum();
    }
    [Kernel] public static Tensor NamedRented([Shape(70, 70)] Tensor rented, [Shape(70)] Tensor workspace) => rented.MatMul(workspace).Softmax(0);
}

/// <summary>Empty tensors, repeated operands, constants from fields, and long 1-D normalizations.</summary>
public static partial class Adversarial
{
    private const double Exponent = 3;
    private const float Scale = 0.25f;

    [Kernel] public static Tensor EmptyReductions([Shape(0, 5)] Tensor a, [Shape(5)] Tensor b) => a.Sum(0) + b * a.Sum() + a.Mean(1).Sum();
    [Kernel] public static Tensor EmptyInnerProduct([Shape(10, 0)] Tensor a, [Shape(0, 9)] Tensor b, [Shape(9)] Tensor c) => a.MatMul(b) + c;
    [Kernel] public static Tensor EmptyCat([Shape(0, 3)] Tensor a, [Shape(2, 3)] Tensor b) => Torch.Cat([a, b.Exp(), a], 0);
    // PyTorch's legacy rule: cat skips a 1-D part of size 0 beside parts of any rank (the lowering once read its dim 1).
    [Kernel] public static Tensor CatSkipsLegacyEmpty([Shape(2, 3)] Tensor a, [Shape(0)] Tensor e) => Torch.Cat([e, a, e, a.Exp()], 1);
    [Kernel] public static Tensor CatSameTwice([Shape(3, 11)] Tensor a) => Torch.Cat([a, a.Tanh(), a], 1) * Torch.Stack([a, a], 0).Sum(0).Sum(1, keepDim: true);
    [Kernel] public static Tensor ConstantFields([Shape(2, 9)] Tensor a) => (a * a + 1).Pow(Exponent) * Scale + a * System.Math.PI - (float)System.Math.E;
    [Kernel] public static Tensor SoftmaxLong([Shape(70)] Tensor a) => a.Softmax(0) + a.LogSoftmax(-1) * 0.5;
#pragma warning disable IDE0060 // kernels that ignore a parameter, on purpose
    [Kernel] public static Tensor UnusedScalars([Shape(9, 10)] Tensor a, float unused, double alsoUnused) => a.Exp();
#pragma warning restore IDE0060
}
