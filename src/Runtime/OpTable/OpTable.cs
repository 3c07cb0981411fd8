// One row per op: how C# code calls it, its class, its shape rule, PyTorch's autograd node, its
// derivative and its element helpers. The runtime, the generator and the analyzers read ops from
// here; adding an element-wise op is a row, a derivative, a runtime kernel and a KernelSupport helper.
using System;
using System.Collections.Generic;

namespace TensorDsl.Ops;

/// <summary>Everything the runtime, the generator and the analyzers know of one op.</summary>
internal sealed class OpRow
{
    public OpRow(OpKind kind, OpClass @class, ShapeRule shape, string? method = null, bool onTorch = false, string? @operator = null,
        string? whenArgument = null, string? gradFn = null, Derivative? derivative = null, bool differentiable = true,
        IndexMap map = IndexMap.None, string? scalar = null, string? vector = null, bool inKernels = true, bool onFunctional = false)
    {
        OnFunctional = onFunctional;
        InKernels = inKernels && @class != OpClass.Factory;
        Kind = kind;
        Class = @class;
        Shape = shape;
        Method = method;
        OnTorch = onTorch;
        Operator = @operator;
        WhenArgument = whenArgument;
        GradFn = gradFn;
        Derivative = derivative;
        IsDifferentiable = differentiable && @class is not (OpClass.Leaf or OpClass.Factory);
        Map = map;
        Scalar = scalar;
        Vector = vector;
    }

    public OpKind Kind { get; }

    /// <summary>Whether [Kernel] methods compile the op; the generator reports the others as unsupported (TD0106).</summary>
    public bool InKernels { get; }

    public OpClass Class { get; }

    /// <summary>The shape rule (<c>Shapes/ShapeRules.cs</c>) and the arguments it reads.</summary>
    public ShapeRule Shape { get; }

    /// <summary>The C# method: an instance method of <c>Tensor</c>, or with <see cref="OnTorch"/> a static one of <c>Torch</c>.</summary>
    public string? Method { get; }

    public bool OnTorch { get; }

    /// <summary>A static method of <c>TensorDsl.NN.Functional</c> (<c>F.Linear</c>) rather than of <c>Tensor</c> or <c>Torch</c>.</summary>
    public bool OnFunctional { get; }

    /// <summary>The C# operator (<c>+</c>; <c>-</c> is binary for Sub, unary for Neg).</summary>
    public string? Operator { get; }

    /// <summary>
    /// For one of several overloads of <see cref="Method"/> with different derivatives (<c>Sum()</c> and
    /// <c>Sum(dim)</c>): the argument whose presence selects this row.
    /// </summary>
    public string? WhenArgument { get; }

    /// <summary>PyTorch's autograd node for the op (<c>AddBackward0</c>); null where none is recorded.</summary>
    public string? GradFn { get; }

    /// <summary>
    /// The gradient of each input as a formula (<see cref="Derivatives"/>); null for ops whose gradient
    /// is a re-indexing or a product of whole tensors, which each side writes as a loop of its own.
    /// </summary>
    public Derivative? Derivative { get; }

    /// <summary>False for ops that pass no gradient to their inputs: Detach, leaves, factories.</summary>
    public bool IsDifferentiable { get; }

    /// <summary>For a layout op: how each result element finds its input element.</summary>
    public IndexMap Map { get; }

    /// <summary>For an element-wise op without an operator: the function on a float (<c>MathF.Exp</c>).</summary>
    public string? Scalar { get; }

    /// <summary>
    /// The lane-wise function, where there is one; <c>Vector</c> stands for <c>Vector256</c> or
    /// <c>Vector128</c> (<c>Vector.Exp</c>). KernelSupport helpers take both and floats.
    /// </summary>
    public string? Vector { get; }

    public override string ToString() => Kind.ToString();
}

/// <summary>The rows, by <see cref="OpKind"/>.</summary>
internal static class OpTable
{
    private static readonly OpRow[] s_rows = Build();

    /// <summary>The row of <paramref name="kind"/>.</summary>
    public static OpRow Row(OpKind kind) => s_rows[(int)kind];

    /// <summary>Every row, in <see cref="OpKind"/> order.</summary>
    public static IReadOnlyList<OpRow> Rows => s_rows;

    /// <summary>The class generated code calls for its helpers (TensorDsl.Kernels.KernelSupport).</summary>
    internal const string Support = "KernelSupport";

    private static OpRow[] Build()
    {
        var rows = new List<OpRow>
        {
            new(OpKind.Input, OpClass.Leaf, ShapeRule.None),
            new(OpKind.Scalar, OpClass.Leaf, ShapeRule.None),
            new(OpKind.Constant, OpClass.Leaf, ShapeRule.None),

            Binary(OpKind.Add, "+", "AddBackward0", Derivatives.Add),
            // number - tensor records RsubBackward1 (the runtime's operator picks it).
            Binary(OpKind.Sub, "-", "SubBackward0", Derivatives.Sub),
            Binary(OpKind.Mul, "*", "MulBackward0", Derivatives.Mul),
            Binary(OpKind.Div, "/", "DivBackward0", Derivatives.Div),
            // The exponent is a number; the generator picks PyTorch's exact forms for common ones.
            new(OpKind.Pow, OpClass.Elementwise, ShapeRule.Same, "Pow", gradFn: "PowBackward0", derivative: Derivatives.Pow,
                scalar: Support + ".Pow"),

            new(OpKind.Neg, OpClass.Elementwise, ShapeRule.Same, "Neg", @operator: "-", gradFn: "NegBackward0", derivative: Derivatives.Neg),
            Unary(OpKind.Exp, "ExpBackward0", Derivatives.Exp, Support + ".Exp", Support + ".Exp"),
            Unary(OpKind.Log, "LogBackward0", Derivatives.Log, Support + ".Log", Support + ".Log"),
            Unary(OpKind.Sqrt, "SqrtBackward0", Derivatives.Sqrt, "MathF.Sqrt", "Vector.Sqrt"),
            Unary(OpKind.Tanh, "TanhBackward0", Derivatives.Tanh, Support + ".Tanh", Support + ".Tanh"),
            Unary(OpKind.Sigmoid, "SigmoidBackward0", Derivatives.Sigmoid, Support + ".Sigmoid", Support + ".Sigmoid"),
            Unary(OpKind.Relu, "ReluBackward0", Derivatives.Relu, Support + ".Relu", Support + ".Relu"),
            Unary(OpKind.Abs, "AbsBackward0", Derivatives.Abs, "MathF.Abs", "Vector.Abs"),
            Unary(OpKind.Sign, "SignBackward0", Derivatives.Sign, Support + ".Sign", Support + ".Sign"),
            Unary(OpKind.Sin, "SinBackward0", Derivatives.Sin, "MathF.Sin", "Vector.Sin"),
            Unary(OpKind.Cos, "CosBackward0", Derivatives.Cos, "MathF.Cos", "Vector.Cos"),
            Unary(OpKind.Log1p, "Log1PBackward0", Derivatives.Log1p, Support + ".Log1p", Support + ".Log1p"),
            // square is pow(self, 2) in PyTorch, hence its node.
            Unary(OpKind.Square, "PowBackward0", Derivatives.Square, Support + ".Square", Support + ".Square"),
            Unary(OpKind.Reciprocal, "ReciprocalBackward0", Derivatives.Reciprocal, Support + ".Reciprocal", Support + ".Reciprocal"),
            Unary(OpKind.Rsqrt, "RsqrtBackward0", Derivatives.Rsqrt, Support + ".Rsqrt", Support + ".Rsqrt"),

            // The gradients of max flow to where the maxima are, which no element formula says.
            new(OpKind.Sum, OpClass.Reduction, ShapeRule.ReduceAll, "Sum", gradFn: "SumBackward0", derivative: Derivatives.Sum),
            new(OpKind.SumDim, OpClass.Reduction, ShapeRule.ReduceDim, "Sum", whenArgument: "dim", gradFn: "SumBackward1", derivative: Derivatives.Sum),
            new(OpKind.Mean, OpClass.Reduction, ShapeRule.ReduceAll, "Mean", gradFn: "MeanBackward0", derivative: Derivatives.Mean),
            new(OpKind.MeanDim, OpClass.Reduction, ShapeRule.ReduceDim, "Mean", whenArgument: "dim", gradFn: "MeanBackward1", derivative: Derivatives.Mean),
            new(OpKind.Max, OpClass.Reduction, ShapeRule.ReduceAll, "Max", gradFn: "MaxBackward1"),
            new(OpKind.MaxDim, OpClass.Reduction, ShapeRule.ReduceDim, "Max", whenArgument: "dim", gradFn: "MaxBackward0"),

            new(OpKind.Softmax, OpClass.Normalization, ShapeRule.Along, "Softmax", gradFn: "SoftmaxBackward0", derivative: Derivatives.Softmax),
            new(OpKind.LogSoftmax, OpClass.Normalization, ShapeRule.Along, "LogSoftmax", gradFn: "LogSoftmaxBackward0", derivative: Derivatives.LogSoftmax),

            // matmul records the node of the form it takes (DotBackward0, MvBackward0, …); mm's is the usual one.
            new(OpKind.MatMul, OpClass.Product, ShapeRule.MatMul, "MatMul", gradFn: "MmBackward0"),

            Layout(OpKind.T, ShapeRule.T, "T", "TBackward0", IndexMap.Permutation),
            Layout(OpKind.Transpose, ShapeRule.Transpose, "Transpose", "TransposeBackward0", IndexMap.Permutation),
            Layout(OpKind.Permute, ShapeRule.Permute, "Permute", "PermuteBackward0", IndexMap.Permutation),
            Layout(OpKind.View, ShapeRule.View, "View", "ViewBackward0", IndexMap.Reshape),
            Layout(OpKind.Reshape, ShapeRule.View, "Reshape", "ViewBackward0", IndexMap.Reshape),
            Layout(OpKind.Flatten, ShapeRule.Flatten, "Flatten", "ViewBackward0", IndexMap.Reshape),
            Layout(OpKind.Squeeze, ShapeRule.Squeeze, "Squeeze", "SqueezeBackward0", IndexMap.Reshape),
            Layout(OpKind.SqueezeDim, ShapeRule.SqueezeDim, "Squeeze", "SqueezeBackward1", IndexMap.Reshape, whenArgument: "dim"),
            Layout(OpKind.Unsqueeze, ShapeRule.Unsqueeze, "Unsqueeze", "UnsqueezeBackward0", IndexMap.Reshape),
            new(OpKind.Contiguous, OpClass.Layout, ShapeRule.Same, "Contiguous", gradFn: "CloneBackward0", derivative: Derivatives.Clone, map: IndexMap.Identity),
            new(OpKind.Clone, OpClass.Layout, ShapeRule.Same, "Clone", gradFn: "CloneBackward0", derivative: Derivatives.Clone, map: IndexMap.Identity),
            new(OpKind.Detach, OpClass.Layout, ShapeRule.Same, "Detach", differentiable: false, map: IndexMap.Identity),
            // Also the indexers t[i] and t[a..b].
            Layout(OpKind.Select, ShapeRule.Select, "Select", "SelectBackward0", IndexMap.Select),
            Layout(OpKind.Slice, ShapeRule.Slice, "Slice", "SliceBackward0", IndexMap.Slice),

            new(OpKind.Cat, OpClass.Join, ShapeRule.Cat, "Cat", onTorch: true, gradFn: "CatBackward0"),
            new(OpKind.Stack, OpClass.Join, ShapeRule.Stack, "Stack", onTorch: true, gradFn: "StackBackward0"),

            Factory(OpKind.Zeros, ShapeRule.Sizes, "Zeros"),
            Factory(OpKind.Ones, ShapeRule.Sizes, "Ones"),
            Factory(OpKind.Full, ShapeRule.Sizes, "Full"),
            Factory(OpKind.Randn, ShapeRule.Sizes, "Randn"),
            Factory(OpKind.Rand, ShapeRule.Sizes, "Rand"),
            Factory(OpKind.Randint, ShapeRule.Sizes, "Randint"),
            Factory(OpKind.Arange, ShapeRule.Arange, "Arange"),
            Factory(OpKind.ZerosLike, ShapeRule.Same, "ZerosLike"),
            Factory(OpKind.OnesLike, ShapeRule.Same, "OnesLike"),
            Factory(OpKind.RandnLike, ShapeRule.Same, "RandnLike"),
            Factory(OpKind.RandLike, ShapeRule.Same, "RandLike"),
            Factory(OpKind.FromData, ShapeRule.Data, "Tensor"),

            // Comparisons give bool tensors and pass no gradient.
            Eager(OpKind.Eq, OpClass.Elementwise, ShapeRule.None, "Eq", null, differentiable: false),
            Eager(OpKind.Ne, OpClass.Elementwise, ShapeRule.None, "Ne", null, differentiable: false),
            Eager(OpKind.Lt, OpClass.Elementwise, ShapeRule.None, "Lt", null, differentiable: false),
            Eager(OpKind.Le, OpClass.Elementwise, ShapeRule.None, "Le", null, differentiable: false),
            Eager(OpKind.Gt, OpClass.Elementwise, ShapeRule.None, "Gt", null, differentiable: false),
            Eager(OpKind.Ge, OpClass.Elementwise, ShapeRule.None, "Ge", null, differentiable: false),
            Eager(OpKind.Clamp, OpClass.Elementwise, ShapeRule.Same, "Clamp", "ClampBackward1"),
            Eager(OpKind.Where, OpClass.Elementwise, ShapeRule.None, "Where", "WhereBackward0", onTorch: true),
            Eager(OpKind.MaskedFill, OpClass.Elementwise, ShapeRule.Same, "MaskedFill", "MaskedFillBackward0"),

            Eager(OpKind.Min, OpClass.Reduction, ShapeRule.ReduceAll, "Min", "MinBackward1"),
            Eager(OpKind.MinDim, OpClass.Reduction, ShapeRule.ReduceDim, "Min", "MinBackward0", whenArgument: "dim"),
            Eager(OpKind.ArgMax, OpClass.Reduction, ShapeRule.ReduceAll, "ArgMax", null, differentiable: false),
            Eager(OpKind.ArgMaxDim, OpClass.Reduction, ShapeRule.ReduceDim, "ArgMax", null, differentiable: false, whenArgument: "dim"),
            Eager(OpKind.ArgMin, OpClass.Reduction, ShapeRule.ReduceAll, "ArgMin", null, differentiable: false),
            Eager(OpKind.ArgMinDim, OpClass.Reduction, ShapeRule.ReduceDim, "ArgMin", null, differentiable: false, whenArgument: "dim"),
            Eager(OpKind.Prod, OpClass.Reduction, ShapeRule.ReduceAll, "Prod", "ProdBackward0"),
            Eager(OpKind.ProdDim, OpClass.Reduction, ShapeRule.ReduceDim, "Prod", "ProdBackward1", whenArgument: "dim"),
            Eager(OpKind.Var, OpClass.Reduction, ShapeRule.ReduceAll, "Var", "VarBackward0"),
            Eager(OpKind.VarDim, OpClass.Reduction, ShapeRule.ReduceDim, "Var", "VarBackward0", whenArgument: "dim"),
            Eager(OpKind.Std, OpClass.Reduction, ShapeRule.ReduceAll, "Std", "StdBackward0"),
            Eager(OpKind.StdDim, OpClass.Reduction, ShapeRule.ReduceDim, "Std", "StdBackward0", whenArgument: "dim"),
            // Tensor.norm is torch.linalg.vector_norm for numbers p, hence its node.
            Eager(OpKind.Norm, OpClass.Reduction, ShapeRule.ReduceAll, "Norm", "LinalgVectorNormBackward0"),
            Eager(OpKind.NormDim, OpClass.Reduction, ShapeRule.ReduceDim, "Norm", "LinalgVectorNormBackward0", whenArgument: "dim"),
            Eager(OpKind.LogSumExp, OpClass.Reduction, ShapeRule.ReduceDim, "LogSumExp", "LogsumexpBackward0"),
            Eager(OpKind.SumDims, OpClass.Reduction, ShapeRule.ReduceDims, "Sum", "SumBackward1", whenArgument: "dims"),
            Eager(OpKind.MeanDims, OpClass.Reduction, ShapeRule.ReduceDims, "Mean", "MeanBackward1", whenArgument: "dims"),

            Eager(OpKind.Expand, OpClass.Layout, ShapeRule.Expand, "Expand", "ExpandBackward0"),
            Eager(OpKind.Repeat, OpClass.Layout, ShapeRule.Repeat, "Repeat", "RepeatBackward0"),
            // narrow is a slice.
            Eager(OpKind.Narrow, OpClass.Layout, ShapeRule.Narrow, "Narrow", "SliceBackward0"),
            Eager(OpKind.Split, OpClass.Layout, ShapeRule.Split, "Split", "SplitBackward0"),
            Eager(OpKind.SplitSections, OpClass.Layout, ShapeRule.Split, "Split", "SplitWithSizesBackward0", whenArgument: "sections"),
            // chunk splits into pieces of one size.
            Eager(OpKind.Chunk, OpClass.Layout, ShapeRule.Split, "Chunk", "SplitBackward0"),
            Eager(OpKind.Gather, OpClass.Layout, ShapeRule.Gather, "Gather", "GatherBackward0"),
            Eager(OpKind.IndexSelect, OpClass.Layout, ShapeRule.None, "IndexSelect", "IndexSelectBackward0"),

            Factory(OpKind.Empty, ShapeRule.Sizes, "Empty"),
            Factory(OpKind.FullLike, ShapeRule.Same, "FullLike"),
            Factory(OpKind.Eye, ShapeRule.None, "Eye"),
            Factory(OpKind.Linspace, ShapeRule.None, "Linspace"),
            Factory(OpKind.Randperm, ShapeRule.None, "Randperm"),

            // A 2-D input with a bias is one addmm; other inputs record matmul's and add's nodes.
            Functional(OpKind.Linear, OpClass.Product, ShapeRule.Linear, "Linear", "AddmmBackward0"),
            // Kernels compile it: the rows are read through the index span.
            new(OpKind.Embedding, OpClass.Layout, ShapeRule.Embedding, "Embedding", gradFn: "EmbeddingBackward0", map: IndexMap.Rows, onFunctional: true),
            Functional(OpKind.NllLoss, OpClass.Reduction, ShapeRule.None, "NllLoss", "NllLossBackward0"),
            // cross_entropy is log_softmax then nll_loss: the result is nll_loss's.
            Functional(OpKind.CrossEntropy, OpClass.Reduction, ShapeRule.None, "CrossEntropy", "NllLossBackward0"),
            Functional(OpKind.MseLoss, OpClass.Reduction, ShapeRule.None, "MseLoss", "MseLossBackward0"),

            // Kernels write F.NllLoss(x, t) as -mean(pick(x, t)); pick has no method and no node of its own.
            new(OpKind.Pick, OpClass.Layout, ShapeRule.None, map: IndexMap.Pick),
        };

        // One row per kind, in kind order, so that Row() is an index.
        var byKind = new OpRow[Enum.GetNames(typeof(OpKind)).Length];
        foreach (var row in rows)
        {
            if (byKind[(int)row.Kind] is not null) throw new InvalidOperationException("Two rows for " + row.Kind);
            byKind[(int)row.Kind] = row;
        }
        for (int i = 0; i < byKind.Length; i++)
            if (byKind[i] is null) throw new InvalidOperationException("No row for " + (OpKind)i);
        return byKind;
    }

    private static OpRow Binary(OpKind kind, string @operator, string gradFn, Derivative derivative) =>
        new(kind, OpClass.Elementwise, ShapeRule.Broadcast, @operator: @operator, gradFn: gradFn, derivative: derivative);

    private static OpRow Unary(OpKind kind, string gradFn, Derivative derivative, string scalar, string vector) =>
        new(kind, OpClass.Elementwise, ShapeRule.Same, kind.ToString(), gradFn: gradFn, derivative: derivative, scalar: scalar, vector: vector);

    private static OpRow Layout(OpKind kind, ShapeRule shape, string method, string? gradFn, IndexMap map, string? whenArgument = null) =>
        new(kind, OpClass.Layout, shape, method, gradFn: gradFn, map: map, whenArgument: whenArgument);

    // An op of the eager runtime that kernels do not compile; its backward is the runtime's own.
    private static OpRow Eager(OpKind kind, OpClass @class, ShapeRule shape, string method, string? gradFn, bool differentiable = true,
        string? whenArgument = null, bool onTorch = false) =>
        new(kind, @class, shape, method, onTorch: onTorch, whenArgument: whenArgument, gradFn: gradFn, differentiable: differentiable, inKernels: false);

    private static OpRow Functional(OpKind kind, OpClass @class, ShapeRule shape, string method, string gradFn) =>
        new(kind, @class, shape, method, gradFn: gradFn, inKernels: false, onFunctional: true);

    private static OpRow Factory(OpKind kind, ShapeRule shape, string method) =>
        new(kind, OpClass.Factory, shape, method, onTorch: true);
}
